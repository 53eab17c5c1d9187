import Crypto
public import Foundation

/// A Magento 2 Integration's four OAuth 1.0a credentials (System > Extensions > Integrations).
public struct OAuth1Credentials: Sendable, Equatable {
    public var consumerKey: String
    public var consumerSecret: String
    public var accessToken: String
    public var accessTokenSecret: String

    public init(consumerKey: String, consumerSecret: String, accessToken: String, accessTokenSecret: String) {
        self.consumerKey = consumerKey
        self.consumerSecret = consumerSecret
        self.accessToken = accessToken
        self.accessTokenSecret = accessTokenSecret
    }
}

/// Magento 2.4.4+ accepts only HMAC-SHA256; older stores also take HMAC-SHA1.
public enum OAuth1SignatureMethod: String, Sendable, CaseIterable {
    case hmacSHA256 = "HMAC-SHA256"
    case hmacSHA1 = "HMAC-SHA1"
}

/// OAuth 1.0a request signing exactly as Magento's server verifies it, shared by the client (which
/// signs) and the simulator (which checks), so the two cannot drift apart.
///
/// The base string is `METHOD&enc(url)&enc(params)`: the URL is scheme, lower-cased host, the port
/// as the Host header carries it (magento2-captures 02k: signing without it fails) and the path;
/// the parameters are the `oauth_*` values plus every raw query pair split on `&` and `=` and
/// rawurldecoded, so bracketed names stay flat (`searchCriteria[pageSize]`) and a `+` stays a `+`
/// (02c), sorted by name, RFC 3986-encoded.
public enum OAuth1 {
    /// The query pairs as Magento's verifier reads a raw query: split on `&`, then on `=`; a piece
    /// without exactly one `=` is left out.
    public static func signedQueryPairs(rawQuery: Substring) -> [(String, String)] {
        rawQuery.split(separator: "&", omittingEmptySubsequences: true).compactMap { piece in
            let parts = piece.split(separator: "=", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            return (URLQuery.percentDecode(parts[0]), URLQuery.percentDecode(parts[1]))
        }
    }

    /// `scheme://host[:port]/path`: scheme and host lower-cased, the port kept unless it is the
    /// scheme's default.
    public static func baseURL(scheme: String, host: String, port: Int?, path: String) -> String {
        let scheme = scheme.lowercased()
        var url = scheme + "://" + host.lowercased()
        if let port, !(scheme == "http" && port == 80), !(scheme == "https" && port == 443) { url += ":\(port)" }
        return url + (path.isEmpty ? "/" : path)
    }

    public static func baseString(method: String, baseURL: String, parameters: [(String, String)]) -> String {
        let encoded: [(name: String, value: String)] = parameters.map { (URLQuery.percentEncode($0.0), URLQuery.percentEncode($0.1)) }
        let sorted = encoded.sorted { left, right in left.name == right.name ? left.value < right.value : left.name < right.name }
        let normalized = sorted.map { $0.name + "=" + $0.value }.joined(separator: "&")
        return method.uppercased() + "&" + URLQuery.percentEncode(baseURL) + "&" + URLQuery.percentEncode(normalized)
    }

    /// base64 of the HMAC over `baseString`, keyed `enc(consumerSecret)&enc(tokenSecret)`.
    public static func signature(
        baseString: String, consumerSecret: String, tokenSecret: String, method: OAuth1SignatureMethod
    ) -> String {
        let key = SymmetricKey(data: Data((URLQuery.percentEncode(consumerSecret) + "&" + URLQuery.percentEncode(tokenSecret)).utf8))
        let message = Data(baseString.utf8)
        switch method {
        case .hmacSHA256: return Data(HMAC<SHA256>.authenticationCode(for: message, using: key)).base64EncodedString()
        case .hmacSHA1: return Data(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key)).base64EncodedString()
        }
    }

    /// The `oauth_*` parameters of one request, signature excluded, in header order.
    public static func protocolParameters(
        credentials: OAuth1Credentials, nonce: String, timestamp: Int, method: OAuth1SignatureMethod
    ) -> [(String, String)] {
        [
            ("oauth_consumer_key", credentials.consumerKey), ("oauth_nonce", nonce),
            ("oauth_signature_method", method.rawValue), ("oauth_timestamp", String(timestamp)),
            ("oauth_token", credentials.accessToken), ("oauth_version", "1.0"),
        ]
    }

    /// The `Authorization: OAuth …` value for a request to `url` (whose query is signed as sent).
    public static func authorization(
        httpMethod: String, url: URL, credentials: OAuth1Credentials, method: OAuth1SignatureMethod,
        nonce: String, timestamp: Int
    ) -> String {
        let oauth = protocolParameters(credentials: credentials, nonce: nonce, timestamp: timestamp, method: method)
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        let base = baseURL(
            scheme: url.scheme ?? "https", host: url.host ?? "", port: url.port, path: components?.percentEncodedPath ?? url.path)
        let query = signedQueryPairs(rawQuery: Substring(components?.percentEncodedQuery ?? ""))
        let text = baseString(method: httpMethod, baseURL: base, parameters: oauth + query)
        let signature = signature(
            baseString: text, consumerSecret: credentials.consumerSecret, tokenSecret: credentials.accessTokenSecret, method: method)
        let fields = (oauth + [("oauth_signature", signature)]).map { "\($0.0)=\"\(URLQuery.percentEncode($0.1))\"" }
        return "OAuth " + fields.joined(separator: ",")
    }

    /// The `oauth_*` values of an `Authorization` header as Magento reads it: the `OAuth ` prefix
    /// in any case (02d), items split on `,` and the first `=`, quotes trimmed, rawurldecoded;
    /// only names matching `oauth_[a-z_-]+` are kept. Nil when it is not an OAuth header.
    public static func parseAuthorization(_ header: String) -> [String: String]? {
        guard header.count > 6, header.prefix(6).lowercased() == "oauth " else { return nil }
        var values: [String: String] = [:]
        for item in header.dropFirst(6).split(separator: ",") {
            guard let equals = item.firstIndex(of: "=") else { continue }
            let name = URLQuery.percentDecode(Substring(item[..<equals].trimmingCharacters(in: .whitespaces)))
            var value = item[item.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\"") { value.removeFirst() }
            if value.hasSuffix("\"") { value.removeLast() }
            guard name.hasPrefix("oauth_"), name.dropFirst(6).allSatisfy({ $0.isLowercase || $0 == "_" || $0 == "-" }) else { continue }
            values[name] = URLQuery.percentDecode(Substring(value))
        }
        return values
    }
}
