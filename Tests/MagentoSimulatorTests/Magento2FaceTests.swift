import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MagentoSimulator
import MagentoWire
import Testing

/// The simulator's REST face answers as the real 2.4.7 captures show.
@Suite(.serialized) struct Magento2FaceTests {
    static func get(_ path: String, token: String? = nil) async throws -> (Int, WireValue) {
        let fixture = try Fixture.sampleStore()
        let simulator = MagentoSimulator(fixture: fixture)
        let root = try await simulator.start()
        defer { Task { await simulator.stop() } }
        var request = URLRequest(url: URL(string: root.absoluteString + path)!)
        request.setValue("Bearer \(token ?? fixture.integration.accessToken)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        await simulator.stop()
        return (status, try JSON.parse(data))
    }

    static func criteria(_ pairs: [(String, String)]) -> String { URLQuery.encode(pairs) }

    @Test func fieldsKeepOnlyWhatWasAskedInTheObjectsOrder() async throws {
        let (status, body) = try await Self.get("/rest/V1/orders?searchCriteria=&fields=items%5Bstatus,increment_id%5D,total_count")
        #expect(status == 200)
        #expect(body["total_count"].int == 7)
        #expect(Array(body["items"][0].members.keys) == ["increment_id", "status"])
        #expect(body["search_criteria"].isNull)
    }

    @Test func invalidFieldsGiveAnEmptyArray() async throws {
        let (status, body) = try await Self.get("/rest/V1/orders?searchCriteria=&fields=items%5Bstatus")
        #expect(status == 200)
        #expect(body == .array([]))
    }

    @Test func pagePastTheEndIsEmptyWithTheTrueTotal() async throws {
        let (_, body) = try await Self.get("/rest/V1/orders?searchCriteria%5BpageSize%5D=2&searchCriteria%5BcurrentPage%5D=9")
        #expect(body["items"] == .array([]))
        #expect(body["total_count"].int == 7)
        #expect(body["search_criteria"]["current_page"].int == 9)
    }

    @Test func sortWithoutDirectionIsDescending() async throws {
        let (_, body) = try await Self.get("/rest/V1/orders?searchCriteria%5BsortOrders%5D%5B0%5D%5Bfield%5D=entity_id&fields=items%5Bentity_id%5D")
        #expect(body["items"].elements.map { $0["entity_id"].int } == [7, 6, 5, 4, 3, 2, 1])
    }

    @Test func unknownConditionTypeIsEqualityAndEchoed() async throws {
        let query = Self.criteria([
            ("searchCriteria[filter_groups][0][filters][0][field]", "entity_id"),
            ("searchCriteria[filter_groups][0][filters][0][value]", "2"),
            ("searchCriteria[filter_groups][0][filters][0][condition_type]", "lte"),
        ])
        let (_, body) = try await Self.get("/rest/V1/orders?\(query)")
        #expect(body["items"].elements.map { $0["entity_id"].int } == [2])
        #expect(body["search_criteria"]["filter_groups"][0]["filters"][0]["condition_type"].string == "lte")
    }

    @Test func filtersInAGroupAreOredAndGroupsAnded() async throws {
        let query = Self.criteria([
            ("searchCriteria[filter_groups][0][filters][0][field]", "customer_email"),
            ("searchCriteria[filter_groups][0][filters][0][value]", "jane.doe@example.com"),
            ("searchCriteria[filter_groups][0][filters][1][field]", "customer_email"),
            ("searchCriteria[filter_groups][0][filters][1][value]", "chloe.zhang@example.com"),
            ("searchCriteria[filter_groups][1][filters][0][field]", "status"),
            ("searchCriteria[filter_groups][1][filters][0][value]", "complete"),
        ])
        let (_, body) = try await Self.get("/rest/V1/orders?\(query)")
        #expect(body["items"].elements.map { $0["increment_id"].string } == ["000000101", "000000107"])
    }

    @Test func missingSearchCriteriaIs400() async throws {
        let (status, body) = try await Self.get("/rest/V1/orders")
        #expect(status == 400)
        #expect(body["parameters"]["fieldName"].string == "searchCriteria")
    }

    @Test func unknownStoreCodeIs400() async throws {
        let (status, body) = try await Self.get("/rest/nosuchstore/V1/orders?searchCriteria=")
        #expect(status == 400)
        #expect(body["message"].string == "Specified request cannot be processed.")
        #expect(try await Self.get("/index.php/rest/default/V1/orders?searchCriteria=").0 == 200)
        #expect(try await Self.get("/rest/all/V1/orders?searchCriteria=").0 == 200)
    }

    @Test func entityRoutesAnswerLikeMagento() async throws {
        #expect(try await Self.get("/rest/V1/orders/1").1["increment_id"].string == "000000101")
        let (missing, missingBody) = try await Self.get("/rest/V1/orders/99999")
        #expect(missing == 404)
        #expect(missingBody["message"].string == "The entity that was requested doesn't exist. Verify the entity and try again.")
        let (wrongType, wrongBody) = try await Self.get("/rest/V1/orders/abc")
        #expect(wrongType == 400)
        #expect(wrongBody["message"].string == "The \"abc\" value's type is invalid. The \"int\" type was expected. Verify and try again.")
        #expect(try await Self.get("/rest/V1/orders/0").1["message"].string == "An ID is needed. Set the ID and try again.")
        #expect(try await Self.get("/rest/V1/customers/999").1["parameters"]["fieldValue"].int == 999)
        #expect(try await Self.get("/rest/V1/shipments/1").0 == 404)
    }

    @Test func aWrongTokenIsRefusedNamingTheRoutesResource() async throws {
        let (status, body) = try await Self.get("/rest/V1/shipments?searchCriteria=", token: "nope")
        #expect(status == 401)
        #expect(body["message"].string == "The consumer isn't authorized to access %resources.")
        #expect(body["parameters"]["resources"].string == "Magento_Sales::shipment")
        #expect(try await Self.get("/rest/V1/customers/search?searchCriteria=", token: "nope").1["parameters"]["resources"].string == "Magento_Customer::customer")
    }
}
