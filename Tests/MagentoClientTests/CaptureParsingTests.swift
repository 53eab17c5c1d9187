import Foundation
import MagentoModel
import MagentoWire
import Testing

@testable import MagentoClient

/// The normalizers read what real stores sent (copies of ../shared/reference captures).
@Suite struct CaptureParsingTests {
    static func fixture(_ path: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(path)", withExtension: nil))
        return try Data(contentsOf: url)
    }

    @Test func magento2OrderFromARealStore() throws {
        let order = try Magento2Records.order(try JSON.parse(try Self.fixture("magento2/07_order_get_1.json")))
        #expect(order.number == "000000001")
        #expect(order.entityID == 1)
        #expect(order.status == "complete")
        #expect(order.customerEmail == "jane.doe@example.com")
        #expect(order.grandTotal == Decimal(string: "68.99"))
        #expect(order.currencyCode == "USD")
        #expect(order.isGuest == false)
        #expect(order.items.map(\.sku) == ["TEE-ORANGE-M", "MUG-BLUE"])
        #expect(order.items[1].quantityRefunded == 1)
        #expect(order.billingAddress?.postcode == "10577")
        #expect(order.billingAddress?.street == ["123 Oak Ave", "Apt 4"])
        #expect(order.shippingAddress?.city == "Purchase")
        #expect(order.createdAt == MagentoDate.parse("2026-11-23 16:36:02"))
    }

    @Test func magento2GuestOrderHasNoCustomerID() throws {
        let order = try Magento2Records.order(try JSON.parse(try Self.fixture("magento2/07b_order_get_guest_4.json")))
        #expect(order.isGuest)
        #expect(order.customerEmail == "guest.buyer@example.com")
    }

    @Test func magento2ShipmentsCarryTheirTracks() throws {
        let body = try JSON.parse(try Self.fixture("magento2/09_shipments_by_order_id.json"))
        let shipments = body["items"].elements.map(Magento2Records.shipment)
        #expect(shipments.count == 1)
        #expect(shipments[0].tracks == [Track(number: "1Z999AA10123456784", carrierCode: "ups", title: "United Parcel Service")])
        #expect(shipments[0].items.map(\.quantity) == [2, 1])
    }

    @Test func magento2ErrorBodiesAreSubstituted() throws {
        let body = try #require(Magento2ErrorBody(try Self.fixture("magento2/12c_customer_get_999.json")))
        #expect(body.message == "No such entity with customerId = 999")
        let denied = try #require(Magento2ErrorBody(try Self.fixture("magento2/04_orders_bearer_setting_off.json")))
        #expect(denied.deniedResource == "Magento_Sales::actions_view")
        #expect(denied.message == "The consumer isn't authorized to access Magento_Sales::actions_view.")
        let positional = try #require(Magento2ErrorBody(Data(#"{"message":"Signature method %1 is not supported","parameters":["HMAC-SHA1"]}"#.utf8)))
        #expect(positional.message == "Signature method HMAC-SHA1 is not supported")
    }

    @Test func magento1OrderInfoWithNilsAndMoneyStrings() throws {
        let value = try XMLRPC.parseResponse(try Self.fixture("magento1-xmlrpc/02-xmlrpc-sales_order.info-100000001.response.xml"))
        let order = try Magento1Records.order(value)
        #expect(order.number == "100000001")
        #expect(order.entityID == 1)
        #expect(order.grandTotal == Decimal(string: "49.98"))
        #expect(order.customerEmail == "john.doe@example.com")
        #expect(order.isGuest == false)
        #expect(order.billingAddress?.postcode == "78701")
        #expect(order.items.map(\.name) == ["Support Test T-Shirt"])
        #expect(order.items[0].quantityShipped == 2)
        #expect(value["coupon_code"] == .null)
    }

    @Test func magento1GuestOrder() throws {
        let value = try XMLRPC.parseResponse(try Self.fixture("magento1-xmlrpc/03-xmlrpc-sales_order.info-100000003-guest-pending.response.xml"))
        let order = try Magento1Records.order(value)
        #expect(order.isGuest)
        #expect(order.status == "pending")
    }

    @Test func magento1ShipmentInfoTracks() throws {
        let value = try XMLRPC.parseResponse(try Self.fixture("magento1-xmlrpc/10-xmlrpc-sales_order_shipment.info-100000001.response.xml"))
        let shipment = Magento1Records.shipment(value)
        #expect(shipment.number == "100000001")
        #expect(shipment.tracks == [Track(number: "1Z999AA10123456784", carrierCode: "ups", title: "United Parcel Service")])
        let list = try XMLRPC.parseResponse(try Self.fixture("magento1-xmlrpc/08-xmlrpc-sales_order_shipment.list-by-order_id.response.xml"))
        #expect(list[0]["increment_id"].string == "100000001")
        #expect(list[0]["shipment_id"] == .null)
    }

    @Test func magento1MultiCallInlineFaultsHaveStringCodes() throws {
        let value = try XMLRPC.parseResponse(try Self.fixture("magento1-xmlrpc/15-xmlrpc-multiCall-info-list-bad.response.xml"))
        #expect(value.elements.count == 3)
        #expect(value[0]["increment_id"].string == "100000002")
        #expect(value[1]["isFault"].bool == true)
        #expect(value[1]["faultCode"] == .string("100"))
    }

    @Test func magento1FaultsAndLogin() throws {
        #expect(throws: XMLRPCFault(code: "100", message: "Requested order not exists.")) {
            try XMLRPC.parseResponse(try Self.fixture("magento1-xmlrpc/17-xmlrpc-FAULT-sales_order.info-not-exists.response.xml"))
        }
        #expect(throws: XMLRPCFault(code: "5", message: "Session expired. Try to relogin.")) {
            try XMLRPC.parseResponse(try Self.fixture("magento1-xmlrpc/27-xmlrpc-FAULT-call-invalid-session.response.xml"))
        }
        let session = try XMLRPC.parseResponse(try Self.fixture("magento1-xmlrpc/01-xmlrpc-login-ok.response.xml"))
        #expect(session.string?.count == 32)
    }

    @Test func magento1FaultOneTextIsNeverPassedOn() {
        let error = Magento1Fault.backendError(
            XMLRPCFault(code: "1", message: "SQLSTATE[42S22]: Column not found ... query was: SELECT secret"), resourcePath: "sales_order.list")
        #expect(!"\(error)".contains("SQLSTATE"))
        #expect(!"\(error)".contains("SELECT"))
    }
}
