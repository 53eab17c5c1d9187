/// Which of Magento 1's APIs to speak. XML-RPC is the default: it has `multiCall` (fewer
/// requests) and no WSDL bootstrap to fail; SOAP v2 is for stores that only open that one.
public enum Magento1Protocol: String, Sendable, CaseIterable {
    case xmlrpc
    /// SOAP v2, in whichever style (rpc/encoded or WS-I) the store's WSDL declares.
    case soap
    /// SOAP v1 (`/api/soap/`): XML-RPC's four methods in SOAP, for stores that open only that one.
    case soapV1 = "soap_v1"
}

/// Everything needed to talk to one Magento 1 / OpenMage store.
public struct Magento1Configuration: Sendable {
    public var storeURL: StoreURL
    /// The API user made under System > Web Services > SOAP/XML-RPC – Users (not an email address).
    public var apiUser: String
    public var apiKey: String
    public var protocolName: Magento1Protocol
    public var retry: RetryPolicy

    public init(
        storeURL: StoreURL, apiUser: String, apiKey: String, protocolName: Magento1Protocol = .xmlrpc, retry: RetryPolicy = .standard
    ) {
        self.storeURL = storeURL
        self.apiUser = apiUser
        self.apiKey = apiKey
        self.protocolName = protocolName
        self.retry = retry
    }

    /// Where requests go for the configured protocol.
    var endpoint: String {
        switch protocolName {
        case .xmlrpc: return xmlrpcEndpoint
        case .soap: return soapV2Endpoint
        case .soapV1: return soapV1Endpoint
        }
    }

    var soapV1Endpoint: String {
        if let endpoint = storeURL.explicitEndpoint, endpoint.hasPrefix("/api/soap") {
            return storeURL.root + endpoint + (endpoint.hasSuffix("/") ? "" : "/")
        }
        return storeURL.root + "/api/soap/"
    }

    /// `…/api/v2_soap/`, or the endpoint the merchant gave; never the WSDL's advertised address.
    var soapV2Endpoint: String {
        if let endpoint = storeURL.explicitEndpoint, endpoint.hasPrefix("/api/v2_soap") {
            return storeURL.root + endpoint + (endpoint.hasSuffix("/") ? "" : "/")
        }
        return storeURL.root + "/api/v2_soap/"
    }

    /// Always POST here, never to an address a WSDL advertises (magento1-api.md, Endpoints).
    var xmlrpcEndpoint: String {
        if let endpoint = storeURL.explicitEndpoint, endpoint.hasPrefix("/api/xmlrpc") || endpoint.hasPrefix("/api.php") {
            return storeURL.root + endpoint + (endpoint.hasPrefix("/api/xmlrpc") ? "/" : "")
        }
        return storeURL.root + "/api/xmlrpc/"
    }
}
