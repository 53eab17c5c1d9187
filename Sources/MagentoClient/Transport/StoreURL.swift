import Foundation

/// The store root a merchant configures (MAGENTO_BASE_URL), normalized once.
///
/// Accepts what people paste: a bare domain (`shop.example.com` means https), a trailing slash,
/// an install without URL rewrites (`https://shop.example.com/index.php`), or a full API endpoint
/// (`…/rest/default/V1`, `…/api/xmlrpc/`), which is then used as given.
public struct StoreURL: Sendable, Equatable, CustomStringConvertible {
    /// Scheme, host, port and any path prefix (such as `/shop/index.php`), no trailing slash.
    public var root: String
    /// An API endpoint path found at the end of the configured URL, if the merchant gave one.
    public var explicitEndpoint: String?

    public var description: String { root + (explicitEndpoint ?? "") }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case empty
        case invalid(String)
        public var description: String {
            switch self {
            case .empty: return "MAGENTO_BASE_URL is empty: set it to the store's address, e.g. https://shop.example.com"
            case .invalid(let text): return "MAGENTO_BASE_URL '\(text)' is not a web address: use e.g. https://shop.example.com"
            }
        }
    }

    public init(_ text: String) throws(Problem) {
        var text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .empty }
        if !text.contains("://") { text = "https://" + text }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { throw .invalid(text) }
        var path = components.path
        while path.hasSuffix("/") { path.removeLast() }
        var endpoint: String?
        for marker in ["/rest", "/api/xmlrpc", "/api/v2_soap", "/api/soap", "/api.php"] {
            if let range = path.range(of: marker, options: .backwards),
                path[range.upperBound...].isEmpty || path[range.upperBound...].hasPrefix("/")
            {
                endpoint = String(path[range.lowerBound...])
                path = String(path[..<range.lowerBound])
                break
            }
        }
        var root = "\(scheme)://\(host.lowercased())"
        if let port = components.port { root += ":\(port)" }
        root += path
        self.root = root
        self.explicitEndpoint = endpoint
    }
}
