/// How the Magento 2 client authenticates. The foundation speaks Bearer; OAuth 1.0a and admin
/// tokens extend this enum.
public enum Magento2Credentials: Sendable, Equatable {
    /// An Integration's access token sent as `Authorization: Bearer …` (needs the store setting
    /// "Allow OAuth Access Tokens to be used as standalone Bearer tokens" on 2.4.4+).
    case bearer(token: String)
}

/// Everything needed to talk to one Magento 2 store.
public struct Magento2Configuration: Sendable {
    public var storeURL: StoreURL
    public var credentials: Magento2Credentials
    /// Store view code for the path (`/rest/<code>/V1`); nil uses the default store view.
    public var storeCode: String?
    public var retry: RetryPolicy

    public init(storeURL: StoreURL, credentials: Magento2Credentials, storeCode: String? = nil, retry: RetryPolicy = .standard) {
        self.storeURL = storeURL
        self.credentials = credentials
        self.storeCode = storeCode
        self.retry = retry
    }

    /// `https://shop/rest/<code>/V1` — or the endpoint the merchant gave, as given.
    var restBase: String {
        if let endpoint = storeURL.explicitEndpoint, endpoint.hasPrefix("/rest") {
            var base = storeURL.root + endpoint
            if !base.hasSuffix("/V1") { base += storeCode.map { "/\($0)" } ?? "" ; base += "/V1" }
            return base
        }
        return storeURL.root + "/rest" + (storeCode.map { "/\(URLQueryPathSegment.encode($0))" } ?? "") + "/V1"
    }
}

enum URLQueryPathSegment {
    static func encode(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? segment
    }
}

import Foundation
