import Foundation
import MagentoModel
import Testing

@Suite struct ModelTests {
    @Test func magentoDatesAreUTC() throws {
        let date = try #require(MagentoDate.parse("2026-11-23 16:36:02"))
        #expect(date.timeIntervalSince1970 == 1_795_451_762)
        #expect(MagentoDate.format(date) == "2026-11-23 16:36:02")
        #expect(MagentoDate.parse("2025-03-02") != nil)
        #expect(MagentoDate.parse("yesterday") == nil)
    }

    @Test func awaitingShipmentIsWhatIsNeitherShippedRefundedNorCanceled() {
        #expect(OrderItem(sku: "A", name: "A", quantityOrdered: 3, quantityShipped: 1).quantityAwaitingShipment == 2)
        #expect(OrderItem(sku: "A", name: "A", quantityOrdered: 2, quantityCanceled: 2).quantityAwaitingShipment == 0)
        #expect(OrderItem(sku: "A", name: "A", quantityOrdered: 1, quantityShipped: 1, quantityRefunded: 1).quantityAwaitingShipment == 0)
    }

    @Test func errorsSayWhatTheMerchantShouldDo() {
        #expect("\(BackendError.accessDenied(resource: "Magento_Sales::shipment"))".contains("grant the resource Magento_Sales::shipment"))
        #expect("\(BackendError.unreachable("connection refused"))".contains("MAGENTO_BASE_URL"))
    }
}
