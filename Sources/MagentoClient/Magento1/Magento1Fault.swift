import MagentoModel
import MagentoWire

/// Magento 1 API fault codes (Mage_Api and the sales/customer resources) and what they mean here.
enum Magento1Fault {
    static let accessDenied = "2"
    static let sessionExpired = "5"
    static let notFound: Set<String> = ["100", "102"]

    /// The ACL node a read call needs (magento1-api.md, "Which node each call needs").
    static func aclNode(for resourcePath: String) -> String {
        switch resourcePath {
        case "sales_order.info", "sales_order.list": return "sales/order/info"
        case "sales_order_shipment.info", "sales_order_shipment.list": return "sales/order/shipment/info"
        case "sales_order_invoice.info", "sales_order_invoice.list": return "sales/order/invoice/info"
        case "sales_order_creditmemo.list": return "sales/order/creditmemo/list"
        case "sales_order_creditmemo.info": return "sales/order/creditmemo/info"
        case "customer.info", "customer.list": return "customer/info"
        default: return resourcePath
        }
    }

    /// Maps a fault into the shared error vocabulary. Fault 1's text can carry raw SQL, so it is
    /// never passed on.
    static func backendError(_ fault: XMLRPCFault, resourcePath: String) -> BackendError {
        switch fault.code {
        case accessDenied: return .accessDenied(resource: aclNode(for: resourcePath))
        case "1": return .storeError("internal error in \(resourcePath) (details withheld; see the store's exception.log)")
        case "3", "4": return .storeError("the store does not offer \(resourcePath) (fault \(fault.code): \(fault.message))")
        case "623", "630": return .malformedResponse("the store rejected the call's shape (fault \(fault.code))")
        default: return .storeError("fault \(fault.code) from \(resourcePath): \(fault.message)")
        }
    }
}
