import Foundation
import MagentoModel
import MagentoWire
import Testing

@testable import MagentoClient

/// Every XML-RPC response a real OpenMage 19.4.23 store gave (magento1-captures 01–33) reads as
/// what it says: each fault with its code and message, each answer with its values, and nothing
/// secret survives into the model.
@Suite struct Magento1XMLRPCCaptureTests {
    static func response(_ name: String) throws -> Data {
        try CaptureParsingTests.fixture("magento1-xmlrpc/\(name).response.xml")
    }

    static let faults: [(capture: String, code: String, message: String)] = [
        ("09-xmlrpc-sales_order_shipment.list-by-order_increment_id", "1", "SQLSTATE[42S22]"),
        ("16-xmlrpc-FAULT-623-args-not-an-array", "623", "Calling parameters do not match signature"),
        ("17-xmlrpc-FAULT-sales_order.info-not-exists", "100", "Requested order not exists."),
        ("18-xmlrpc-FAULT-sales_order_shipment.info-not-exists", "100", "Requested shipment not exists."),
        ("19-xmlrpc-FAULT-customer.info-not-exists", "102", "Customer not exists."),
        ("20-xmlrpc-FAULT-sales_order.list-bad-filter-field", "1", "Unknown column 'no_such_column"),
        ("22-xmlrpc-FAULT-acl-sales_order.cancel-not-granted", "2", "Access denied."),
        ("23-xmlrpc-FAULT-bad-resource-path", "3", "Invalid api path."),
        ("24-xmlrpc-FAULT-login-wrong-key", "2", "Access denied."),
        ("25-xmlrpc-FAULT-login-unknown-user", "2", "Access denied."),
        ("26-xmlrpc-FAULT-login-empty-key", "6", "Required parameter is missing, for more details see \"exception.log\"."),
        ("27-xmlrpc-FAULT-call-invalid-session", "5", "Session expired. Try to relogin."),
        ("29-xmlrpc-FAULT-acl-limited-user-sales_order.info", "2", "Access denied."),
        ("31-xmlrpc-FAULT-call-expired-session", "5", "Session expired. Try to relogin."),
        ("33-xmlrpc-FAULT-call-after-endSession", "5", "Session expired. Try to relogin."),
    ]

    @Test(arguments: faults.map(\.capture))
    func faultsReadWithCodeAndMessage(_ capture: String) throws {
        let expected = try #require(Self.faults.first { $0.capture == capture })
        #expect {
            try XMLRPC.parseResponse(try Self.response(capture))
        } throws: { error in
            guard let fault = error as? XMLRPCFault else { return false }
            return fault.code == expected.code && fault.message.contains(expected.message)
        }
    }

    @Test func faultsMapToWhatTheMerchantShouldDo() throws {
        let sql = XMLRPCFault(code: "1", message: "SQLSTATE[42S22]: Column not found … query was: SELECT `main_table`.* FROM …")
        let mapped = Magento1Fault.backendError(sql, resourcePath: "sales_order.list")
        #expect(!"\(mapped)".contains("SQLSTATE") && !"\(mapped)".contains("SELECT"), "fault 1 text is withheld")
        #expect(Magento1Fault.backendError(XMLRPCFault(code: "2", message: "Access denied."), resourcePath: "sales_order.info")
            == .accessDenied(resource: "Sales > Order > Retrieve order info (sales/order/info)"))
        if case .malformedResponse = Magento1Fault.backendError(XMLRPCFault(code: "623", message: ""), resourcePath: "call") {} else {
            Issue.record("623 is a wrong call shape")
        }
    }

    @Test(arguments: ["01-xmlrpc-login-ok", "28-xmlrpc-login-limited-user", "30-xmlrpc-login-for-expiry-test"])
    func loginsReturnA32HexSessionID(_ capture: String) throws {
        let id = try #require(try XMLRPC.parseResponse(try Self.response(capture)).string)
        #expect(id.count == 32 && id.allSatisfy(\.isHexDigit))
    }

    @Test func endSessionIsTrueAndAnUnknownOperatorMatchesNothing() throws {
        #expect(try XMLRPC.parseResponse(try Self.response("32-xmlrpc-endSession")).bool == true)
        #expect(try XMLRPC.parseResponse(try Self.response("21-xmlrpc-FAULT-sales_order.list-bad-filter-operator")) == .array([]))
    }

    @Test func ordersFromInfoAndFromLists() throws {
        let complete = try Magento1Records.order(try XMLRPC.parseResponse(try Self.response("02-xmlrpc-sales_order.info-100000001")))
        #expect(complete.number == "100000001" && complete.status == "complete" && complete.grandTotal == Decimal(string: "49.98"))
        let guest = try Magento1Records.order(try XMLRPC.parseResponse(try Self.response("03-xmlrpc-sales_order.info-100000003-guest-pending")))
        #expect(guest.isGuest && guest.status == "pending" && guest.state == "new")
        let byEmail = try XMLRPC.parseResponse(try Self.response("04-xmlrpc-sales_order.list-by-customer_email")).elements
        #expect(try byEmail.map { try Magento1Records.order($0).customerEmail }.allSatisfy { $0 == "john.doe@example.com" })
        #expect(byEmail.count >= 2)
        let byNumbers = try XMLRPC.parseResponse(try Self.response("05-xmlrpc-sales_order.list-by-increment_id-in")).elements
        #expect(try byNumbers.map { try Magento1Records.order($0).number }.sorted() == ["100000001", "100000003"])
    }

    @Test func customersLoseTheirSecretsAtParseTime() throws {
        let list = try XMLRPC.parseResponse(try Self.response("06-xmlrpc-customer.list-by-email"))
        #expect(list[0]["password_hash"].string != nil, "the store really sends it")
        let customer = try #require(Magento1Records.customer(list[0]))
        #expect(customer == Customer(id: 1, email: "john.doe@example.com", firstname: "John", lastname: "Doe", createdAt: customer.createdAt))
        let encoded = String(decoding: try JSONEncoder().encode(customer), as: UTF8.self)
        #expect(!encoded.contains("59efea91") && !encoded.contains("password"))
        let info = try XMLRPC.parseResponse(try Self.response("07-xmlrpc-customer.info-1"))
        #expect(Magento1Records.customer(info)?.email == "john.doe@example.com")
    }

    @Test func shipmentsInvoicesAndCreditMemos() throws {
        let shipments = try XMLRPC.parseResponse(try Self.response("08-xmlrpc-sales_order_shipment.list-by-order_id")).elements
        #expect(shipments.map { $0["increment_id"].string } == ["100000001"])
        let shipment = Magento1Records.shipment(try XMLRPC.parseResponse(try Self.response("10-xmlrpc-sales_order_shipment.info-100000001")))
        #expect(shipment.tracks == [Track(number: "1Z999AA10123456784", carrierCode: "ups", title: "United Parcel Service")])
        let invoices = try XMLRPC.parseResponse(try Self.response("11-xmlrpc-sales_order_invoice.list-by-order_id")).elements.map(Magento1Records.invoice)
        #expect(invoices == [Invoice(number: "100000001", createdAt: MagentoDate.parse("2026-11-23 16:15:19"), state: .paid, grandTotal: Decimal(string: "49.98")!)])
        let all = try XMLRPC.parseResponse(try Self.response("12-xmlrpc-sales_order_invoice.list-all")).elements.map(Magento1Records.invoice)
        #expect(all.map(\.number) == ["100000001", "100000002"])
        for capture in ["13-xmlrpc-sales_order_creditmemo.list-all", "14-xmlrpc-sales_order_creditmemo.list-by-order_id"] {
            let refunds = try XMLRPC.parseResponse(try Self.response(capture)).elements.map(Magento1Records.refund)
            #expect(refunds.map(\.grandTotal) == [Decimal(string: "24.99")!])
        }
    }

    @Test func multiCallMixesResultsAndInlineFaults() throws {
        let results = try XMLRPC.parseResponse(try Self.response("15-xmlrpc-multiCall-info-list-bad")).elements
        #expect(results.count >= 2)
        #expect(results.contains { $0["increment_id"].string == "100000002" })
        let fault = try #require(results.first { $0["isFault"].bool == true })
        #expect(fault["faultCode"] == .string(fault["faultCode"].string ?? ""), "codes come as strings")
    }
}
