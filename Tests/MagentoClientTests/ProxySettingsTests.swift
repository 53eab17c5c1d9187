import Testing

@testable import MagentoClient

/// The environment's proxy is read as curl reads it, and loopback or `no_proxy` hosts go direct.
@Suite struct ProxySettingsTests {
    @Test func noProxyVariableMeansDirect() {
        #expect(ProxySettings.fromEnvironment([:]) == nil)
        #expect(ProxySettings.fromEnvironment(["https_proxy": ""]) == nil)
    }

    @Test func httpsProxyWinsAndCredentialsAreDecoded() throws {
        let proxy = try #require(
            ProxySettings.fromEnvironment([
                "HTTP_PROXY": "http://plain:3128", "https_proxy": "http://shop%40acme:p%3Ass@proxy.internal:8080",
            ]))
        #expect(proxy.host == "proxy.internal")
        #expect(proxy.port == 8080)
        #expect(proxy.user == "shop@acme")
        #expect(proxy.password == "p:ss")
    }

    @Test func aBareHostGetsTheDefaultPort() throws {
        let proxy = try #require(ProxySettings.fromEnvironment(["http_proxy": "squid.lan"]))
        #expect(proxy.host == "squid.lan")
        #expect(proxy.port == 80)
        #expect(proxy.user == nil)
    }

    @Test func loopbackAndNoProxyHostsGoDirect() throws {
        let proxy = try #require(ProxySettings.fromEnvironment(["https_proxy": "http://proxy:3128", "no_proxy": "internal.example, .corp.example"]))
        #expect(proxy.applies(to: "shop.example.com"))
        #expect(!proxy.applies(to: "127.0.0.1"))
        #expect(!proxy.applies(to: "localhost"))
        #expect(!proxy.applies(to: "::1"))
        #expect(!proxy.applies(to: "internal.example"))
        #expect(!proxy.applies(to: "magento.internal.example"))
        #expect(!proxy.applies(to: "shop.corp.example"))
        #expect(proxy.applies(to: "notcorp.example"))
        let everything = try #require(ProxySettings.fromEnvironment(["https_proxy": "http://proxy:3128", "NO_PROXY": "*"]))
        #expect(!everything.applies(to: "shop.example.com"))
    }
}
