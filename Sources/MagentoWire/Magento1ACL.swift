/// Magento 1's API ACL as its call handler checks it: a call needs its method's node and every
/// parent node (Zend_Acl grants do not flow upwards; magento1-api.md, "ACL"). Shared by the client
/// (to name what to grant) and the simulator (to refuse what was not granted).
public enum Magento1ACL {
    /// The node each read call needs (magento1-api.md, "Which node each call needs").
    public static func node(for resourcePath: String) -> String? {
        switch resourcePath {
        case "sales_order.info", "sales_order.list": return "sales/order/info"
        case "sales_order_shipment.info", "sales_order_shipment.list": return "sales/order/shipment/info"
        case "sales_order_invoice.info", "sales_order_invoice.list": return "sales/order/invoice/info"
        case "sales_order_creditmemo.list": return "sales/order/creditmemo/list"
        case "sales_order_creditmemo.info": return "sales/order/creditmemo/info"
        case "customer.info", "customer.list": return "customer/info"
        default: return nil
        }
    }

    /// `sales/order/info` needs `sales`, `sales/order` and itself.
    public static func nodesNeeded(for node: String) -> [String] {
        let parts = node.split(separator: "/")
        return (1...parts.count).map { parts.prefix($0).joined(separator: "/") }
    }

    /// The reference's minimal read-only role (what magedesk needs, nothing more).
    public static let minimalReadOnlySet: [String] = [
        "sales", "sales/order", "sales/order/info", "sales/order/shipment", "sales/order/shipment/info", "sales/order/invoice",
        "sales/order/invoice/info", "sales/order/creditmemo", "sales/order/creditmemo/list", "sales/order/creditmemo/info",
        "customer", "customer/info",
    ]

    /// How the node reads in the role's Resources tree (System > Web Services > SOAP/XML-RPC – Roles).
    public static func adminLabel(for node: String) -> String {
        switch node {
        case "sales/order/info": return "Sales > Order > Retrieve order info"
        case "sales/order/shipment/info": return "Sales > Order > Shipments > Retrieve shipment info"
        case "sales/order/invoice/info": return "Sales > Order > Invoices > Retrieve invoice info"
        case "sales/order/creditmemo/list": return "Sales > Order > Credit memos > Retrieve list of credit memos"
        case "sales/order/creditmemo/info": return "Sales > Order > Credit memos > Retrieve credit memo info"
        case "customer/info": return "Customers > Retrieve customer info"
        default: return node
        }
    }
}
