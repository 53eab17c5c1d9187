import Foundation
import MagentoWire
import Testing

/// OAuth 1.0a signing as Magento's server verifies it.
@Suite struct OAuth1Tests {
    static let credentials = OAuth1Credentials(
        consumerKey: "abcdefghijklmnopqrstuvwxyz123456", consumerSecret: "consumersecret0123456789abcdefgh",
        accessToken: "accesstoken0123456789abcdefghijk", accessTokenSecret: "tokensecret0123456789abcdefghijk")
    static let vectorURL = URL(
        string: "https://shop.example.com/rest/default/V1/orders?searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=increment_id&searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=000000012&searchCriteria%5BpageSize%5D=1"
    )!

    /// The figures printed by ../shared/reference/oauth1_vector.py.
    @Test func matchesTheReferenceVector() {
        let oauth = OAuth1.protocolParameters(credentials: Self.credentials, nonce: "n0nc3n0nc3n0nc3", timestamp: 1_700_000_000, method: .hmacSHA256)
        let query = OAuth1.signedQueryPairs(rawQuery: Substring(Self.vectorURL.query!))
        let base = OAuth1.baseString(
            method: "GET", baseURL: OAuth1.baseURL(scheme: "https", host: "shop.example.com", port: nil, path: "/rest/default/V1/orders"),
            parameters: oauth + query)
        #expect(
            base
                == "GET&https%3A%2F%2Fshop.example.com%2Frest%2Fdefault%2FV1%2Forders&oauth_consumer_key%3Dabcdefghijklmnopqrstuvwxyz123456%26oauth_nonce%3Dn0nc3n0nc3n0nc3%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1700000000%26oauth_token%3Daccesstoken0123456789abcdefghijk%26oauth_version%3D1.0%26searchCriteria%255Bfilter_groups%255D%255B0%255D%255Bfilters%255D%255B0%255D%255Bfield%255D%3Dincrement_id%26searchCriteria%255Bfilter_groups%255D%255B0%255D%255Bfilters%255D%255B0%255D%255Bvalue%255D%3D000000012%26searchCriteria%255BpageSize%255D%3D1"
        )
        let secrets = (Self.credentials.consumerSecret, Self.credentials.accessTokenSecret)
        #expect(OAuth1.signature(baseString: base, consumerSecret: secrets.0, tokenSecret: secrets.1, method: .hmacSHA256) == "uT1ajkkTSLiPKwwAkA7wsV+xBdEYvpfz8qLqgtiWX7Q=")
        #expect(OAuth1.signature(baseString: base, consumerSecret: secrets.0, tokenSecret: secrets.1, method: .hmacSHA1) == "b72ehx3yDJnopRh1/x+GE8BzOjU=")
    }

    @Test func theHeaderIsTheOneTheReferenceSends() {
        let header = OAuth1.authorization(
            httpMethod: "GET", url: Self.vectorURL, credentials: Self.credentials, method: .hmacSHA256, nonce: "n0nc3n0nc3n0nc3",
            timestamp: 1_700_000_000)
        #expect(
            header
                == #"OAuth oauth_consumer_key="abcdefghijklmnopqrstuvwxyz123456",oauth_nonce="n0nc3n0nc3n0nc3",oauth_signature_method="HMAC-SHA256",oauth_timestamp="1700000000",oauth_token="accesstoken0123456789abcdefghijk",oauth_version="1.0",oauth_signature="uT1ajkkTSLiPKwwAkA7wsV%2BxBdEYvpfz8qLqgtiWX7Q%3D""#
        )
        #expect(OAuth1.parseAuthorization(header)?["oauth_signature"] == "uT1ajkkTSLiPKwwAkA7wsV+xBdEYvpfz8qLqgtiWX7Q=")
    }

    /// Capture 02 (a request a real 2.4.7 store accepted) was signed over `http://127.0.0.1:8082/…`
    /// with the port kept and the decoded bracketed names: the signer builds that same request.
    @Test func signsCapture02TheWayTheRealStoreAccepted() throws {
        let file = try #require(Bundle.module.url(forResource: "Fixtures/02_orders_by_increment_oauth_sha256", withExtension: "txt"))
        let capture = try String(contentsOf: file, encoding: .utf8)
        let requestLine = try #require(capture.split(separator: "\n").first { $0.hasPrefix("GET ") })
        let url = try #require(URL(string: String(requestLine.dropFirst(4))))
        let headerLine = try #require(capture.split(separator: "\n").first { $0.contains("Authorization: OAuth") })
        let sent = try #require(OAuth1.parseAuthorization(String(headerLine[headerLine.range(of: "OAuth")!.lowerBound...])))
        let consumerKey = try #require(sent["oauth_consumer_key"])
        let token = try #require(sent["oauth_token"])
        let nonce = try #require(sent["oauth_nonce"])
        let timestamp = try #require(Int(sent["oauth_timestamp"] ?? ""))
        let credentials = OAuth1Credentials(consumerKey: consumerKey, consumerSecret: "unknown", accessToken: token, accessTokenSecret: "unknown")
        let header = OAuth1.authorization(httpMethod: "GET", url: url, credentials: credentials, method: .hmacSHA256, nonce: nonce, timestamp: timestamp)
        let ours = try #require(OAuth1.parseAuthorization(header))
        // Every protocol parameter is the one the store accepted (the secrets were not recorded,
        // so the signature itself is checked against the simulator and the reference vector).
        #expect(ours.filter { $0.key != "oauth_signature" } == sent.filter { $0.key != "oauth_signature" })
        let base = OAuth1.baseString(
            method: "GET", baseURL: OAuth1.baseURL(scheme: url.scheme!, host: url.host!, port: url.port, path: url.path),
            parameters: sent.filter { $0.key != "oauth_signature" }.map { ($0.key, $0.value) } + OAuth1.signedQueryPairs(rawQuery: Substring(url.query!)))
        #expect(base.hasPrefix("GET&http%3A%2F%2F127.0.0.1%3A8082%2Frest%2FV1%2Forders&"))
        #expect(base.contains("searchCriteria%255Bfilter_groups%255D%255B0%255D%255Bfilters%255D%255B0%255D%255Bvalue%255D%3D000000001"))
    }

    /// rawurldecode leaves `+` alone, so a `+` is signed as a `+` (capture 02c: signing it as a space failed).
    @Test func aPlusInTheQueryIsSignedAsAPlus() {
        let pairs = OAuth1.signedQueryPairs(rawQuery: "searchCriteria[filter_groups][0][filters][0][value]=Jane+Doe&flag&a=b=c")
        #expect(pairs.count == 1)
        #expect(pairs.first?.1 == "Jane+Doe")
        #expect(URLQuery.percentEncode("Jane Doe") == "Jane%20Doe")
    }

    @Test func defaultPortsAreDroppedAndHostsLowerCased() {
        #expect(OAuth1.baseURL(scheme: "HTTPS", host: "Shop.Example.COM", port: 443, path: "/rest/V1/orders") == "https://shop.example.com/rest/V1/orders")
        #expect(OAuth1.baseURL(scheme: "http", host: "127.0.0.1", port: 8082, path: "/rest/V1/orders") == "http://127.0.0.1:8082/rest/V1/orders")
    }

    @Test func headerParsingFollowsMagento() {
        let parsed = OAuth1.parseAuthorization(#"Oauth realm="x", oauth_nonce="a%20b",oauth_token=t, other="y""#)
        #expect(parsed == ["oauth_nonce": "a b", "oauth_token": "t"])
        #expect(OAuth1.parseAuthorization("Bearer abc") == nil)
    }
}

/// RFC 6238 one-time passwords.
@Suite struct TOTPTests {
    /// RFC 6238 appendix B, SHA-1 rows (secret "12345678901234567890", 8 digits).
    @Test(arguments: [(59, "94287082"), (1_111_111_109, "07081804"), (1_234_567_890, "89005924"), (2_000_000_000, "69279037")])
    func rfc6238Vectors(_ time: Int, _ expected: String) {
        let totp = TOTP(secret: Data("12345678901234567890".utf8), digits: 8)
        #expect(totp.code(at: Date(timeIntervalSince1970: TimeInterval(time))) == expected)
    }

    @Test func base32SecretsAsAuthenticatorAppsShowThem() throws {
        #expect(TOTP.decodeBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ") == Data("12345678901234567890".utf8))
        #expect(TOTP.decodeBase32("gezd gnbv gy3t qojq") == Data("1234567890".utf8))
        #expect(TOTP.decodeBase32("not base32!") == nil)
        #expect(throws: TOTP.Problem.invalidSecret) { try TOTP(base32Secret: "0189") }
        let totp = try TOTP(base32Secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        let date = Date(timeIntervalSince1970: 59)
        #expect(totp.code(at: date) == "287082")
        #expect(totp.accepts("287082", at: date.addingTimeInterval(30)))
        #expect(!totp.accepts("287082", at: date.addingTimeInterval(90)))
    }
}
