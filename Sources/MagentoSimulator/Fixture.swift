public import Foundation
public import MagentoWire

/// A simulated store's data, in Magento 2's own JSON shapes.
///
/// `orders` are objects exactly as `GET /V1/orders/{id}` returns them, `customers` as
/// `GET /V1/customers/{id}`, `shipments` as `GET /V1/shipment/{id}` (tracks inside), `invoices` and
/// `creditmemos` as their GET routes. The Magento 1 face derives its records from the same objects,
/// so one fixture serves both versions. `auth` holds the credentials the simulator accepts.
public struct Fixture: Sendable {
    public var orders: [WireValue]
    public var customers: [WireValue]
    public var shipments: [WireValue]
    public var invoices: [WireValue]
    public var creditmemos: [WireValue]
    public var storeCodes: [String]
    public var integration: Integration
    public var apiUsers: [APIUser]
    public var admins: [Admin]

    /// A Magento 2 Integration's credentials (System > Extensions > Integrations).
    public struct Integration: Sendable {
        public var consumerKey: String
        public var consumerSecret: String
        public var accessToken: String
        public var accessTokenSecret: String
        /// Whether the store allows the access token as a standalone Bearer token.
        public var bearerEnabled: Bool
        /// The ACL resources granted; nil grants every read resource.
        public var resources: Set<String>?
    }

    /// A Magento 2 admin user who may exchange a password for an admin token; with `twoFactor`
    /// the token comes only from the Google Authenticator route, with a code from `otpSecret`
    /// (base32; nil: two-factor auth is on but the admin never set it up).
    public struct Admin: Sendable {
        public var username: String
        public var password: String
        public var twoFactor: Bool
        public var otpSecret: String?
    }

    /// A Magento 1 SOAP/XML-RPC API user.
    public struct APIUser: Sendable {
        public var username: String
        public var apiKey: String
        /// The role's ACL nodes (`sales/order/info`, …); nil grants everything ("Resource Access: All").
        public var resources: Set<String>?
    }

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    public init(json: WireValue) throws(Problem) {
        guard case .object = json else { throw Problem(description: "a fixture must be a JSON object") }
        orders = json["orders"].elements
        customers = json["customers"].elements
        shipments = json["shipments"].elements
        invoices = json["invoices"].elements
        creditmemos = json["creditmemos"].elements
        let codes = json["store_codes"].elements.compactMap(\.string)
        storeCodes = codes.isEmpty ? ["default"] : codes
        let integration = json["auth"]["integration"]
        self.integration = Integration(
            consumerKey: integration["consumer_key"].string ?? "",
            consumerSecret: integration["consumer_secret"].string ?? "",
            accessToken: integration["access_token"].string ?? "",
            accessTokenSecret: integration["access_token_secret"].string ?? "",
            bearerEnabled: integration["bearer_enabled"].bool ?? true,
            resources: integration["resources"].isNull ? nil : Set(integration["resources"].elements.compactMap(\.string))
        )
        apiUsers = json["auth"]["api_users"].elements.compactMap { user in
            guard let name = user["username"].string, let key = user["api_key"].string else { return nil }
            let resources = user["resources"]
            return APIUser(username: name, apiKey: key, resources: resources.isNull ? nil : Set(resources.elements.compactMap(\.string)))
        }
        admins = json["auth"]["admins"].elements.compactMap { admin in
            guard let name = admin["username"].string, let password = admin["password"].string else { return nil }
            return Admin(username: name, password: password, twoFactor: admin["two_factor"].bool ?? false, otpSecret: admin["otp_secret"].nonEmptyString)
        }
        for (index, order) in orders.enumerated() {
            guard order["increment_id"].string != nil, order["entity_id"].int != nil else {
                throw Problem(description: "orders[\(index)] needs increment_id and entity_id")
            }
        }
    }

    public init(contentsOf url: URL) throws {
        let data = try Data(contentsOf: url)
        do {
            try self.init(json: try JSON.parse(data))
        } catch let error as JSONSyntaxError {
            throw Problem(description: "\(url.path): invalid JSON (\(error))")
        } catch let error as Problem {
            throw Problem(description: "\(url.path): \(error.description)")
        }
    }

    /// The sample store bundled with magedesk: the demo and the transcripts run against it. It is
    /// compiled into the binary (`Resources/sample-store.json`), so an installed magedesk needs no files for it.
    public static func sampleStore() throws(Problem) -> Fixture {
        let json: WireValue
        do {
            json = try JSON.parse(EmbeddedResources.sample_store_json)
        } catch {
            throw Problem(description: "the built-in sample store is not valid JSON (\(error))")
        }
        return try Fixture(json: json)
    }

    // MARK: Lookups the faces share

    func order(entityID: Int) -> WireValue? { orders.first { $0["entity_id"].int == entityID } }
    func order(incrementID: String) -> WireValue? { orders.first { $0["increment_id"].string == incrementID } }
    func shipments(orderID: Int) -> [WireValue] { shipments.filter { $0["order_id"].int == orderID } }

    /// Every order's item rows, for `GET /V1/orders/items` (magento2-captures 17n).
    var orderItems: [WireValue] { orders.flatMap { $0["items"].elements } }
}
