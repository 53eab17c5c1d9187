import Testing

@testable import MagentoClient

@Suite struct StoreURLTests {
    @Test(arguments: [
        ("shop.example.com", "https://shop.example.com", nil as String?),
        ("https://Shop.Example.com/", "https://shop.example.com", nil),
        ("http://127.0.0.1:8082", "http://127.0.0.1:8082", nil),
        ("https://example.com/store/index.php/", "https://example.com/store/index.php", nil),
        ("https://example.com/rest/default/V1", "https://example.com", "/rest/default/V1"),
        ("https://example.com/api/xmlrpc/", "https://example.com", "/api/xmlrpc"),
    ])
    func normalizesWhatMerchantsPaste(_ input: String, _ root: String, _ endpoint: String?) throws {
        let url = try StoreURL(input)
        #expect(url.root == root)
        #expect(url.explicitEndpoint == endpoint)
    }

    @Test func rejectsWhatIsNotAnAddress() {
        #expect(throws: StoreURL.Problem.empty) { try StoreURL("  ") }
        #expect(throws: StoreURL.Problem.self) { try StoreURL("ftp://example.com") }
    }

    @Test func restBaseCarriesTheStoreViewCode() throws {
        let configuration = Magento2Configuration(storeURL: try StoreURL("https://example.com/index.php"), credentials: .bearer(token: "t"), storeCode: "de")
        #expect(configuration.restBase == "https://example.com/index.php/rest/de/V1")
        let magento1 = Magento1Configuration(storeURL: try StoreURL("example.com"), apiUser: "u", apiKey: "k")
        #expect(magento1.xmlrpcEndpoint == "https://example.com/api/xmlrpc/")
    }
}
