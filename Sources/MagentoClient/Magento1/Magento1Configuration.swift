/// Everything needed to talk to one Magento 1 / OpenMage store over its XML-RPC API.
public struct Magento1Configuration: Sendable {
    public var storeURL: StoreURL
    /// The API user made under System > Web Services > SOAP/XML-RPC – Users (not an email address).
    public var apiUser: String
    public var apiKey: String
    public var retry: RetryPolicy

    public init(storeURL: StoreURL, apiUser: String, apiKey: String, retry: RetryPolicy = .standard) {
        self.storeURL = storeURL
        self.apiUser = apiUser
        self.apiKey = apiKey
        self.retry = retry
    }

    /// Always POST here, never to an address a WSDL advertises (magento1-api.md, Endpoints).
    var xmlrpcEndpoint: String {
        if let endpoint = storeURL.explicitEndpoint, endpoint.hasPrefix("/api/xmlrpc") || endpoint.hasPrefix("/api.php") {
            return storeURL.root + endpoint + (endpoint.hasPrefix("/api/xmlrpc") ? "/" : "")
        }
        return storeURL.root + "/api/xmlrpc/"
    }
}
