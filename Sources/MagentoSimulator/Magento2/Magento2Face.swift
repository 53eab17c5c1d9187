import Foundation
import MagentoWire
import OrderedCollections

/// The simulator's Magento 2 REST face: the read routes a support tool uses, with Magento 2.4.7's
/// status codes, error bodies and ACL checks as the real captures show them.
struct Magento2Face {
    let fixture: Fixture
    let auth: Magento2Auth

    /// A read route: which records it serves and which ACL resource guards it
    /// (magento2-captures README, "ACL resources").
    enum Route {
        case search(collection: KeyPath<Fixture, [WireValue]>, resource: String)
        case entity(collection: KeyPath<Fixture, [WireValue]>, idField: String, resource: String, notFound: NotFound)
        case comments(resource: String)
        case status(resource: String)
    }

    enum NotFound {
        case entity
        case customer
    }

    static let notFoundMessage = #"{"message":"The entity that was requested doesn't exist. Verify the entity and try again."}"#
    static let noRoute = #"{"message":"Request does not match any route."}"#

    /// `host` is the Host header as sent; `query` the raw query.
    func respond(
        method: String, path: String, host: String, query: Substring, authorization: String?, accept: String?, body: WireValue
    ) -> SimulatedResponse {
        var segments = path.split(separator: "/").map(String.init)
        if segments.first == "index.php" { segments.removeFirst() }
        guard segments.first == "rest" else { return .json(404, Magento2Face.noRoute) }
        segments.removeFirst()
        if let first = segments.first, first != "V1" {
            // A store code: known codes and `all` are stripped; anything else is refused
            // (magento2-captures 16: 400, not the 404 the reference expected).
            guard fixture.storeCodes.contains(first) || first == "all" else {
                return .json(400, #"{"message":"Specified request cannot be processed."}"#)
            }
            segments.removeFirst()
        }
        guard segments.first == "V1" else { return .json(404, Magento2Face.noRoute) }
        segments.removeFirst()
        if method == "POST" {
            switch segments.joined(separator: "/") {
            case "integration/admin/token": return auth.adminToken(body: body)
            case "tfa/provider/google/authenticate": return auth.googleAuthenticate(body: body)
            case "tfa/provider/duo_security/authenticate", "tfa/provider/authy/authenticate":
                return .json(400, #"{"message":"Provider is not allowed."}"#)
            default: return .json(404, Magento2Face.noRoute)
            }
        }
        guard method == "GET", let (route, id) = route(for: segments) else { return .json(404, Magento2Face.noRoute) }

        let resource: String
        switch route {
        case .search(_, let name), .entity(_, _, let name, _), .comments(let name), .status(let name): resource = name
        }
        let principal: Magento2Auth.Principal
        switch auth.authenticate(method: method, host: host, path: path, rawQuery: query, authorization: authorization) {
        case .refused(let response): return response
        case .principal(let who): principal = who
        }
        guard auth.allows(principal, resource) else {
            return .json(
                401,
                JSON.serialize([
                    "message": "The consumer isn't authorized to access %resources.",
                    "parameters": ["resources": .string(resource)],
                ]))
        }

        let pairs = URLQuery.decode(query)
        var body: WireValue
        switch route {
        case .search(let collection, _):
            guard let criteria = SearchCriteria(queryPairs: pairs) else {
                return .json(
                    400, #"{"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"searchCriteria"}}"#)
            }
            body = SearchEvaluation.run(criteria, over: fixture[keyPath: collection])
        case .entity(let collection, let idField, _, let notFound):
            switch entityID(id) {
            case .failure(let error): return error.response
            case .success(let number):
                guard let record = fixture[keyPath: collection].first(where: { $0[idField].int == number }) else {
                    switch notFound {
                    case .entity: return .json(404, Magento2Face.notFoundMessage)
                    case .customer:
                        return .json(
                            404,
                            #"{"message":"No such entity with %fieldName = %fieldValue","parameters":{"fieldName":"customerId","fieldValue":\#(number)}}"#
                        )
                    }
                }
                body = record
            }
        case .status:
            switch entityID(id) {
            case .failure(let error): return error.response
            case .success(let number):
                guard let order = fixture.order(entityID: number) else { return .json(404, Magento2Face.notFoundMessage) }
                body = order["status"]
            }
        case .comments:
            switch entityID(id) {
            case .failure(let error): return error.response
            case .success(let number):
                let order = fixture.order(entityID: number)
                body = [
                    "items": .array(order?["status_histories"].elements ?? []),
                    "search_criteria": [
                        "filter_groups": [["filters": [["field": "parent_id", "value": .string(String(number)), "condition_type": "eq"]]]]
                    ],
                    "total_count": .int(order?["status_histories"].elements.count ?? 0),
                ]
            }
        }
        if let fields = pairs.last(where: { $0.0 == "fields" })?.1 {
            body = FieldsFilter(fields).apply(to: body) ?? .array([])
        }
        return Magento2Face.render(body, accept: accept)
    }

    private func route(for segments: [String]) -> (Route, String?)? {
        switch (segments.count, segments.first) {
        case (1, "orders"): return (.search(collection: \.orders, resource: "Magento_Sales::actions_view"), nil)
        case (2, "orders") where segments[1] != "items":
            return (.entity(collection: \.orders, idField: "entity_id", resource: "Magento_Sales::actions_view", notFound: .entity), segments[1])
        case (3, "orders") where segments[2] == "comments": return (.comments(resource: "Magento_Sales::actions_view"), segments[1])
        case (3, "orders") where segments[2] == "statuses": return (.status(resource: "Magento_Sales::actions_view"), segments[1])
        case (2, "orders") where segments[1] == "items":
            return (.search(collection: \.orderItems, resource: "Magento_Sales::actions_view"), nil)
        case (1, "shipments"): return (.search(collection: \.shipments, resource: "Magento_Sales::shipment"), nil)
        case (2, "shipment"):
            return (.entity(collection: \.shipments, idField: "entity_id", resource: "Magento_Sales::shipment", notFound: .entity), segments[1])
        case (1, "invoices"): return (.search(collection: \.invoices, resource: "Magento_Sales::sales_invoice"), nil)
        case (2, "invoices"):
            return (.entity(collection: \.invoices, idField: "entity_id", resource: "Magento_Sales::sales_invoice", notFound: .entity), segments[1])
        case (1, "creditmemos"): return (.search(collection: \.creditmemos, resource: "Magento_Sales::sales_creditmemo"), nil)
        case (2, "creditmemo"):
            return (.entity(collection: \.creditmemos, idField: "entity_id", resource: "Magento_Sales::sales_creditmemo", notFound: .entity), segments[1])
        case (2, "customers") where segments[1] == "search":
            return (.search(collection: \.customers, resource: "Magento_Customer::customer"), nil)
        case (2, "customers"):
            return (.entity(collection: \.customers, idField: "id", resource: "Magento_Customer::customer", notFound: .customer), segments[1])
        default: return nil
        }
    }

    private func entityID(_ text: String?) -> Result<Int, SimulatedResponseError> {
        guard let text, let number = Int(text) else {
            return .failure(
                SimulatedResponseError(
                    .json(400, JSON.serialize(["message": .string("The \"\(text ?? "")\" value's type is invalid. The \"int\" type was expected. Verify and try again.")]))))
        }
        guard number != 0 else { return .failure(SimulatedResponseError(.json(400, #"{"message":"An ID is needed. Set the ID and try again."}"#))) }
        return .success(number)
    }
}

extension Magento2Face {
    /// JSON by default and for `*/*`; XML for `application/xml` (scalars only, as magedesk never asks
    /// for more; magento2-captures 17f); any other Accept is Magento's HTML error page with 500 (17g).
    static func render(_ body: WireValue, accept: String?) -> SimulatedResponse {
        let wanted = (accept ?? "*/*").lowercased()
        if wanted.contains("json") || wanted.contains("*/*") || wanted.isEmpty { return .json(200, JSON.serialize(body)) }
        if wanted.contains("xml"), let scalar = body.string {
            var response = SimulatedResponse.xml("<?xml version=\"1.0\"?>\n<response>\(scalar)</response>\n")
            response.contentType = "application/xml; charset=utf-8"
            return response
        }
        return .htmlError(500, title: "There has been an error processing your request")
    }
}

struct SimulatedResponseError: Error {
    var response: SimulatedResponse
    init(_ response: SimulatedResponse) { self.response = response }
}

