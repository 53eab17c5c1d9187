/// Which variables each reply may use. A template naming anything else is refused at load time,
/// so a reply can never print an empty or missing value to a customer.
enum ReplyVocabulary {
    static let orderAnswer: Set<String> = [
        "order_number", "status_text", "order_date", "total", "tracks", "carrier", "number", "url", "has_url",
        "has_tracks", "pending_items", "has_pending_items", "item_name", "quantity", "customer_name", "has_customer_name",
        "items", "has_items", "item_total", "invoices", "has_invoices", "invoice_number", "invoice_amount", "invoice_date",
        "refunds", "has_refunds", "refund_amount", "refund_date", "is_changeable", "is_shipped", "is_closed", "is_last",
    ]

    /// The orders of a helpdesk-verified customer (account_lookup).
    static let accountAnswer: Set<String> = ["orders", "has_orders", "order_number", "order_date", "status_text", "total", "is_last"]

    static let byReply: [String: Set<String>] = [
        "answer": orderAnswer,
        "account_answer": accountAnswer,
        "account_needs_login": [],
        "ask_order_number": ["customer_name", "has_customer_name"],
        "ask_order_number_again": ["customer_name", "has_customer_name"],
        "ask_verification": ["order_number"],
        "ask_verification_again": ["order_number"],
        "ask_order_number_offer": ["customer_name", "has_customer_name"],
        "ask_verification_offer": ["order_number"],
        "verification_locked": [],
        "ask_order_choice": accountAnswer,
        "ask_order_choice_again": accountAnswer,
        "upset_handoff": [],
        "verification_failed": [],
        "verification_handoff": [],
        "not_on_your_account": ["order_number"],
        "backend_unavailable": [],
        "low_confidence_handoff": [],
        "handoff": [],
        "reply": ["customer_name", "has_customer_name"],
        "fallback": [],
    ]

    /// Replies that must have exactly one wording: a failed proof must read the same every time,
    /// so its wording cannot tell anything apart.
    static let fixedWording: Set<String> = ["verification_failed", "verification_locked"]

    /// Variable names a template uses: `{{name}}`, `{{{name}}}`, `{{& name}}`, `{{#name}}`, `{{^name}}`.
    static func variables(in template: String) -> [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "}}") else { break }
            var tag = rest[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            if tag.hasPrefix("{") { tag = String(tag.dropFirst()) }
            if let first = tag.first, "#^&/".contains(first) { tag = String(tag.dropFirst()).trimmingCharacters(in: .whitespaces) }
            else if let first = tag.first, "!>%=".contains(first) { continue }
            if tag.hasSuffix("}") { tag = String(tag.dropLast()) }
            if !tag.isEmpty, tag != "." { names.append(tag) }
        }
        return names
    }
}

import Foundation
