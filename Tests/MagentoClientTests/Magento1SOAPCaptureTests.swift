import Foundation
import MagentoModel
import MagentoWire
import Testing

@testable import MagentoClient

/// Every SOAP response the real OpenMage 19.4.23 store gave (magento1-captures 34–68: SOAP v2
/// rpc/encoded, WS-I document/literal and SOAP v1) reads into the same values as over XML-RPC.
@Suite struct Magento1SOAPCaptureTests {
    static func response(_ name: String) throws -> Data {
        try CaptureParsingTests.fixture("magento1-soap/\(name).response.xml")
    }

    static let faults: [(capture: String, code: String, message: String)] = [
        ("46-soapv2-FAULT-salesOrderInfo-not-exists", "100", "Requested order not exists."),
        ("47-soapv2-FAULT-salesOrderList-bad-filter-field", "1", "SQLSTATE"),
        ("48-soapv2-FAULT-login-wrong-key", "2", "Access denied."),
        ("49-soapv2-FAULT-salesOrderInfo-invalid-session", "5", "Session expired. Try to relogin."),
        ("50-soapv2-FAULT-salesOrderInfo-namespace-urn-Magento", "100", "Requested order not exists."),
        ("52-soapv2-FAULT-after-endSession", "5", "Session expired. Try to relogin."),
        ("59-soapv2-wsi-FAULT-salesOrderInfo-not-exists", "100", "Requested order not exists."),
        ("60-soapv2-wsi-FAULT-login-wrong-key", "2", "Access denied."),
        ("61-soapv2-wsi-FAULT-salesOrderInfo-invalid-session", "5", "Session expired. Try to relogin."),
        ("66-soapv1-FAULT-call-sales_order.info-not-exists", "100", "Requested order not exists."),
        ("67-soapv1-FAULT-call-invalid-session", "5", "Session expired. Try to relogin."),
    ]

    @Test(arguments: faults.map(\.capture))
    func faultsReadWithCodeAndMessage(_ capture: String) throws {
        let expected = try #require(Self.faults.first { $0.capture == capture })
        #expect {
            try SOAP.parseResponse(try Self.response(capture))
        } throws: { error in
            guard let fault = error as? SOAPFault else { return false }
            return fault.code == expected.code && fault.message.contains(expected.message)
        }
    }

    @Test(arguments: ["34-soapv2-login-ok", "53-soapv2-wsi-login-ok", "63-soapv1-login-ok"])
    func loginsReturnASessionID(_ capture: String) throws {
        let id = try #require(try SOAP.parseResponse(try Self.response(capture)).string)
        #expect(id.count == 32 && id.allSatisfy(\.isHexDigit))
    }

    @Test(arguments: ["51-soapv2-endSession", "62-soapv2-wsi-endSession", "68-soapv1-endSession"])
    func endSessionIsTrue(_ capture: String) throws {
        #expect(try SOAP.parseResponse(try Self.response(capture)).bool == true)
    }

    @Test(arguments: ["35-soapv2-salesOrderInfo-100000001", "54-soapv2-wsi-salesOrderInfo-100000001", "64-soapv1-call-sales_order.info-100000001"])
    func anOrderReadsTheSameInEveryForm(_ capture: String) throws {
        let record = try SOAP.parseResponse(try Self.response(capture))
        let order = try Magento1Records.order(record)
        #expect(order.number == "100000001")
        #expect(order.entityID == 1)
        #expect(order.status == "complete")
        #expect(order.grandTotal == Decimal(string: "49.98"))
        #expect(order.customerEmail == "john.doe@example.com")
        #expect(!order.items.isEmpty)
        #expect(order.billingAddress?.postcode != nil)
        #expect(!record["status_history"].elements.isEmpty)
    }

    @Test(arguments: [
        "36-soapv2-salesOrderList-filter-customer_email", "37-soapv2-salesOrderList-complex_filter-customer_email-eq",
        "55-soapv2-wsi-salesOrderList-complex_filter-customer_email", "56-soapv2-wsi-salesOrderList-filter-customer_email",
        "65-soapv1-call-sales_order.list-customer_email",
    ])
    func orderListsByEmail(_ capture: String) throws {
        let rows = try SOAP.parseResponse(try Self.response(capture)).elements
        #expect(!rows.isEmpty)
        #expect(try rows.map { try Magento1Records.order($0).customerEmail }.allSatisfy { $0 == "john.doe@example.com" })
    }

    @Test func complexFiltersByNumbersAndDates() throws {
        let byNumbers = try SOAP.parseResponse(try Self.response("38-soapv2-salesOrderList-complex_filter-increment_id-in")).elements
        #expect(try byNumbers.map { try Magento1Records.order($0).number }.sorted() == ["100000001", "100000003"])
        let since = try SOAP.parseResponse(try Self.response("39-soapv2-salesOrderList-complex_filter-created_at-from")).elements
        #expect(since.count == 3)
    }

    @Test(arguments: ["40-soapv2-customerCustomerList-filter-email", "58-soapv2-wsi-customerCustomerList-filter-email"])
    func customers(_ capture: String) throws {
        let rows = try SOAP.parseResponse(try Self.response(capture)).elements
        #expect(rows.compactMap(Magento1Records.customer).map(\.email) == ["john.doe@example.com"])
        let info = try SOAP.parseResponse(try Self.response("41-soapv2-customerCustomerInfo-1"))
        #expect(Magento1Records.customer(info)?.id == 1)
    }

    @Test func shipmentsInvoicesAndCreditMemos() throws {
        let list = try SOAP.parseResponse(try Self.response("42-soapv2-salesOrderShipmentList-filter-order_id")).elements
        #expect(list.map { $0["increment_id"].string } == ["100000001"])
        for capture in ["43-soapv2-salesOrderShipmentInfo-100000001", "57-soapv2-wsi-salesOrderShipmentInfo-100000001"] {
            let shipment = Magento1Records.shipment(try SOAP.parseResponse(try Self.response(capture)))
            #expect(shipment.tracks.map(\.number) == ["1Z999AA10123456784"])
            #expect(shipment.tracks.first?.carrierCode == "ups")
        }
        let invoices = try SOAP.parseResponse(try Self.response("44-soapv2-salesOrderInvoiceList-filter-order_id")).elements.map(Magento1Records.invoice)
        #expect(invoices.map(\.number) == ["100000001"])
        #expect(invoices.first?.state == .paid)
        let refunds = try SOAP.parseResponse(try Self.response("45-soapv2-salesOrderCreditmemoList-filter-order_id")).elements.map(Magento1Records.refund)
        #expect(refunds.map(\.grandTotal) == [Decimal(string: "24.99")!])
    }

    @Test func theWSDLTellsTheStyle() throws {
        #expect(SOAPStyle(wsdl: try CaptureParsingTests.fixture("magento1-soap/wsdl-v2-api_v2_soap-rpc-encoded.xml")) == .rpcEncoded)
        #expect(SOAPStyle(wsdl: try CaptureParsingTests.fixture("magento1-soap/wsdl-v2-api_v2_soap-wsi-doc-literal.xml")) == .documentLiteral)
        #expect(SOAPStyle(wsdl: Data("<html>not found</html>".utf8)) == nil)
    }
}
