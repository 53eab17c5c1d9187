/// Why a lookup failed, in words a merchant can act on.
///
/// Both Magento versions map their errors (HTTP statuses and REST error bodies on Magento 2, API
/// fault codes on Magento 1) into these cases, so the dialogue and `magedesk doctor` treat them alike.
public enum BackendError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection could be made, or it broke before an answer came (after retries).
    case unreachable(String)
    /// Magento took longer than the lookup's deadline.
    case timedOut
    /// The credentials were refused.
    case authenticationFailed(String)
    /// The credentials work but lack a grant; `resource` names the ACL resource or node to add.
    case accessDenied(resource: String?)
    /// Magento is up but answered with a server-side failure (5xx, maintenance page, SOAP bootstrap error).
    case storeError(String)
    /// Too many requests, still refused after honouring `Retry-After`.
    case rateLimited
    /// The answer could not be read as what Magento sends.
    case malformedResponse(String)

    public var description: String {
        switch self {
        case .unreachable(let detail):
            return "The store could not be reached (\(detail)). Check MAGENTO_BASE_URL and that the store is online."
        case .timedOut:
            return "The store did not answer in time. Check that it is not overloaded, or raise the timeout."
        case .authenticationFailed(let detail):
            return "The store refused the credentials: \(detail)"
        case .accessDenied(let resource):
            if let resource {
                return "The API user is not allowed to read this: grant the resource \(resource)."
            }
            return "The API user is not allowed to read this: check its role's resources."
        case .storeError(let detail):
            return "The store answered with an error: \(detail)"
        case .rateLimited:
            return "The store keeps refusing requests as too many (HTTP 429). Try again later or raise its rate limit."
        case .malformedResponse(let detail):
            return "The store's answer could not be read: \(detail). Check that MAGENTO_BASE_URL points at the Magento store root."
        }
    }
}
