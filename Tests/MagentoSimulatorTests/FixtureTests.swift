import MagentoSimulator
import MagentoWire
import Testing

@Suite struct FixtureTests {
    @Test func sampleStoreLinksShipmentsToOrdersByEntityID() throws {
        let fixture = try Fixture.sampleStore()
        let orderIDs = Set(fixture.orders.compactMap { $0["entity_id"].int })
        #expect(fixture.orders.count == 7)
        for shipment in fixture.shipments {
            #expect(orderIDs.contains(shipment["order_id"].int ?? -1))
            for track in shipment["tracks"].elements { #expect(track["parent_id"] == shipment["entity_id"]) }
        }
        #expect(fixture.storeCodes == ["default", "de"])
        #expect(fixture.integration.bearerEnabled)
    }

    @Test func aFixtureWithoutIdsIsRefused() {
        #expect(throws: Fixture.Problem.self) { try Fixture(json: ["orders": [["increment_id": "1"]]]) }
        #expect(throws: Fixture.Problem.self) { try Fixture(json: ["not", "an", "object"]) }
    }
}
