import MagentoModel
import MagentoWire

/// Magento 1 API fault codes (Mage_Api and the sales/customer resources) and what they mean here.
enum Magento1Fault {
    static let accessDenied = "2"
    static let sessionExpired = "5"
    static let notFound: Set<String> = ["100", "102"]

    /// Maps a fault into the shared error vocabulary. Fault 1's text can carry raw SQL, so it is
    /// never passed on.
    static func backendError(_ fault: XMLRPCFault, resourcePath: String) -> BackendError {
        switch fault.code {
        case accessDenied:
            guard let node = Magento1ACL.node(for: resourcePath) else { return .accessDenied(resource: nil) }
            return .accessDenied(resource: "\(Magento1ACL.adminLabel(for: node)) (\(node))")
        case "1": return .storeError("internal error in \(resourcePath) (details withheld; see the store's exception.log)")
        case "3", "4": return .storeError("the store does not offer \(resourcePath) (fault \(fault.code): \(fault.message))")
        case "623", "630": return .malformedResponse("the store rejected the call's shape (fault \(fault.code))")
        default: return .storeError("fault \(fault.code) from \(resourcePath): \(fault.message)")
        }
    }
}
