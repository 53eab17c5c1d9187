import Assistant
import Foundation
import Logging
import Synchronization

/// Who `serve` believes the customer of a request is: the one rule every HTTP request passes.
///
/// - A signed identity token (`customer.token`, Rasa `metadata.customer_token`) decides when there
///   is one: valid, the turn is vouched for the token's email (as a helpdesk's `verified` is);
///   anything else, and the turn runs as an anonymous visitor's, with one log line saying why.
/// - Without a token, a trusted caller (`serve` without --public: a helpdesk or backend behind
///   MAGEDESK_API_TOKEN or on loopback) may vouch with `customer.verified`.
/// - On a public endpoint the body is written by the visitor's browser, so its claims (email,
///   name, verified) count for nothing: the visitor proves an order as in chat.
struct CallerIdentity: Sendable {
    let isPublic: Bool
    /// nil when MAGEDESK_IDENTITY_SECRET is not set: no token is believed.
    let tokens: IdentityTokenVerifier?
    let logger: Logger
    let now: @Sendable () -> Date
    private let warned = Warned()

    /// Warnings given once per process.
    final class Warned: Sendable {
        let claimsIgnored = Atomic(false)
        let noSecret = Atomic(false)
    }

    init(isPublic: Bool, tokens: IdentityTokenVerifier?, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.isPublic = isPublic
        self.tokens = tokens
        self.logger = logger
        self.now = now
    }

    /// The customer the turn may run as: vouched from a valid token, the caller's own word when
    /// trusted, or nobody.
    func customer(of request: FilterContract.Request) -> CustomerContext? {
        let conversation: Logger.Metadata = ["conversation_id": "\(request.input.conversationID)"]
        if isPublic, request.claimsIdentity, !warned.claimsIgnored.exchange(true, ordering: .relaxed) {
            logger.warning(
                """
                a public request claims who the customer is (customer.email, .name or .verified); --public ignores such claims, \
                as a visitor's browser writes them. To show logged-in customers their orders, have the store's website sign an \
                identity token with MAGEDESK_IDENTITY_SECRET (README: Chat widgets on the storefront). Logged once.
                """, metadata: conversation)
        }
        guard let token = request.identityToken, !token.isEmpty else {
            return isPublic ? nil : request.input.customer
        }
        guard let tokens else {
            if !warned.noSecret.exchange(true, ordering: .relaxed) {
                logger.warning(
                    "a request carries an identity token, but MAGEDESK_IDENTITY_SECRET is not set: tokens are not checked and such turns run anonymously. Logged once.",
                    metadata: conversation)
            }
            return nil
        }
        switch tokens.verify(token, at: now()) {
        case .success(let identity):
            return CustomerContext(email: identity.email, verified: true, name: identity.name)
        case .failure(let rejection):
            logger.warning("identity token refused, the turn runs as an anonymous visitor: \(rejection)", metadata: conversation)
            return nil
        }
    }
}
