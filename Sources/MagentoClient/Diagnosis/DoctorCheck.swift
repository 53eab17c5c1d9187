/// One line of `magedesk doctor`: what was checked and, in the merchant's words, what to change.
public struct DoctorCheck: Sendable, Equatable, CustomStringConvertible {
    public enum Status: String, Sendable {
        case ok = "OK"
        case warn = "WARN"
        case fail = "FAIL"
    }

    public var status: Status
    public var check: String
    public var detail: String

    public init(_ status: Status, _ check: String, _ detail: String) {
        self.status = status
        self.check = check
        self.detail = detail
    }

    /// `OK|WARN|FAIL <check>: <detail>`.
    public var description: String { "\(status.rawValue) \(check): \(detail)" }
}

/// The Magento ACL resources the assistant reads, with where a merchant ticks them in the admin.
public struct RequiredResource: Sendable, Equatable {
    public var lookup: String
    public var resource: String
    public var adminPath: String

    public static let magento2: [RequiredResource] = [
        RequiredResource(lookup: "orders", resource: "Magento_Sales::actions_view", adminPath: "Sales > Operations > Orders > Actions > View"),
        RequiredResource(lookup: "shipments", resource: "Magento_Sales::shipment", adminPath: "Sales > Operations > Shipments"),
        RequiredResource(lookup: "invoices", resource: "Magento_Sales::sales_invoice", adminPath: "Sales > Operations > Invoices"),
        RequiredResource(lookup: "credit memos", resource: "Magento_Sales::sales_creditmemo", adminPath: "Sales > Operations > Credit Memos"),
        RequiredResource(lookup: "customers", resource: "Magento_Customer::customer", adminPath: "Customers > All Customers"),
    ]
}
