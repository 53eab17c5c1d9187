import Foundation
import MagentoModel
import MagentoWire

/// Magento 2's REST error body, `{"message": "...%1... %resources", "parameters": [...] | {...}}`,
/// with the placeholders substituted the way Magento's own admin would show them.
struct Magento2ErrorBody: Equatable {
    var template: String
    var parameters: WireValue

    init?(_ data: Data) {
        guard let value = try? JSON.parse(data), let message = value["message"].string else { return nil }
        self.template = message
        self.parameters = value["parameters"]
    }

    /// The message with `%1`, `%2`… (array parameters) and `%name` (object parameters) filled in.
    var message: String {
        var text = template
        switch parameters {
        case .array(let values):
            for (index, value) in values.enumerated().reversed() {
                text = text.replacingOccurrences(of: "%\(index + 1)", with: value.string ?? "")
            }
        case .object(let members):
            for (name, value) in members.sorted(by: { $0.key.count > $1.key.count }) {
                text = text.replacingOccurrences(of: "%\(name)", with: value.string ?? "")
            }
        default: break
        }
        return text
    }

    /// The ACL resource a 401 "consumer isn't authorized" names.
    var deniedResource: String? {
        guard template.contains("isn't authorized") else { return nil }
        return parameters["resources"].string
    }
}

extension Magento2ErrorBody {
    /// Maps a non-2xx answer into the error a merchant can act on.
    static func backendError(for response: HTTPResponse, credentials: Magento2Credentials) -> BackendError {
        let body = Magento2ErrorBody(response.body)
        let looksLikeHTML = response.body.prefix(512).contains(UInt8(ascii: "<"))
        switch response.status {
        case 401:
            if let body, let resource = body.deniedResource {
                if case .bearer = credentials {
                    // Magento answers a refused bearer token and a missing grant the same way
                    // (magento2-captures 04 and 06c), so both causes are named.
                    return .accessDenied(
                        resource: "\(resource) (or enable Stores > Settings > Configuration > Services > OAuth > "
                            + "Consumer Settings > \"Allow OAuth Access Tokens to be used as standalone Bearer tokens\")")
                }
                return .accessDenied(resource: resource)
            }
            if body?.template == "An error occurred validating the nonce" {
                // Magento masks "Incorrect timestamp value" behind this (magento2-captures 02j).
                return .authenticationFailed(
                    "the OAuth timestamp or nonce was refused (An error occurred validating the nonce); this machine's clock "
                        + "is probably more than 10 minutes ahead of the store's: set it right (NTP)")
            }
            if body?.template == "The signature is invalid. Verify and try again." {
                return .authenticationFailed(
                    "the OAuth signature was refused: check MAGENTO_CONSUMER_KEY, MAGENTO_CONSUMER_SECRET, MAGENTO_ACCESS_TOKEN "
                        + "and MAGENTO_ACCESS_TOKEN_SECRET (copy them again from the Integration), and that MAGENTO_BASE_URL is the "
                        + "address the store itself uses")
            }
            return .authenticationFailed(body?.message ?? "HTTP 401")
        case 400 where body?.template == "Signature method %1 is not supported":
            return .authenticationFailed(
                "the store does not accept \(body?.parameters[0].string ?? "these") signatures; "
                    + "stores on 2.4.4 and later take only HMAC-SHA256 (MAGENTO_OAUTH_SIGNATURE=HMAC-SHA256)")
        case 400 where body?.template == "Specified request cannot be processed.":
            return .storeError("the store view code is unknown to this store (Specified request cannot be processed.); check MAGENTO_STORE_CODE")
        case 500...599:
            if body == nil, looksLikeHTML {
                return .storeError("HTTP \(response.status) with an HTML page (maintenance mode or a PHP error)")
            }
            return .storeError("HTTP \(response.status): \(body?.message ?? "no message")")
        default:
            if let body { return .storeError("HTTP \(response.status): \(body.message)") }
            if looksLikeHTML {
                return .malformedResponse("HTTP \(response.status) with an HTML page where JSON was expected")
            }
            return .malformedResponse("HTTP \(response.status)")
        }
    }
}
