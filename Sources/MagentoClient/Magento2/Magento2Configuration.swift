public import MagentoWire

/// How the Magento 2 client authenticates: the three ways merchants connect support tools.
public enum Magento2Credentials: Sendable, Equatable {
    /// An Integration's access token sent as `Authorization: Bearer …` (needs the store setting
    /// "Allow OAuth Access Tokens to be used as standalone Bearer tokens" on 2.4.4+).
    case bearer(token: String)
    /// The Integration's four credentials; every request is signed (works whatever the bearer setting).
    case oauth(OAuth1Credentials, method: OAuth1SignatureMethod = .hmacSHA256)
    /// An admin user exchanged for an admin token (1 hour on 2.4.7); `otpSecret` is the base32
    /// secret of the admin's Google Authenticator when two-factor auth is on.
    case admin(username: String, password: String, otpSecret: String?)

    /// The mode in words, without any secret.
    public var modeDescription: String {
        switch self {
        case .bearer: return "Integration access token as Bearer"
        case .oauth(_, let method): return "Integration OAuth 1.0a (\(method.rawValue))"
        case .admin(_, _, let otp): return otp == nil ? "admin login" : "admin login with two-factor code"
        }
    }
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
