/// Which variables each reply may use. A template naming anything else is refused at load time,
/// so a reply can never print an empty or missing value to a customer.
enum ReplyVocabulary {
    static let orderAnswer: Set<String> = [
        "order_number", "status_text", "order_date", "total", "tracks", "carrier", "number", "url", "has_url",
        "has_tracks", "pending_items", "has_pending_items", "item_name", "quantity", "customer_name", "has_customer_name",
        "items", "has_items", "item_total", "invoices", "has_invoices", "invoice_number", "invoice_amount", "invoice_date",
        "refunds", "has_refunds", "refund_amount", "refund_date", "is_changeable", "is_shipped", "is_closed", "is_last",
        "refunded_items", "has_refunded_items", "ship_to", "has_ship_to",
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
        "state_unavailable": [],
        "low_confidence_handoff": [],
        "handoff": [],
        "reply": ["customer_name", "has_customer_name"],
        "fallback": [],
        "ask_intent_choice": ["first", "second"],
    ]

    /// Replies that must have exactly one wording: a failed proof must read the same every time,
    /// so its wording cannot tell anything apart.
    static let fixedWording: Set<String> = ["verification_failed", "verification_locked"]

    /// Variable names a template uses: `{{name}}`, `{{{name}}}`, `{{& name}}`, `{{#name}}`, `{{^name}}`.
    static func variables(in template: String) -> [String] {
        // Byte by byte: every wording of every reply passes here at start-up.
        let bytes = Array(template.utf8)
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        var names: [String] = []
        var index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == open, bytes[index + 1] == open else {
                index += 1
                continue
            }
            var tagStart = index + 2
            var tagEnd = tagStart
            while tagEnd + 1 < bytes.count, !(bytes[tagEnd] == close && bytes[tagEnd + 1] == close) { tagEnd += 1 }
            guard tagEnd + 1 < bytes.count else { break }
            index = tagEnd + 2
            while tagStart < tagEnd, isBlank(bytes[tagStart]) { tagStart += 1 }
            while tagEnd > tagStart, isBlank(bytes[tagEnd - 1]) { tagEnd -= 1 }
            if tagStart < tagEnd, bytes[tagStart] == open { tagStart += 1 }
            if tagStart < tagEnd {
                switch bytes[tagStart] {
                case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "&"), UInt8(ascii: "/"):
                    tagStart += 1
                    while tagStart < tagEnd, isBlank(bytes[tagStart]) { tagStart += 1 }
                case UInt8(ascii: "!"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "="):
                    continue
                default: break
                }
            }
            if tagEnd > tagStart, bytes[tagEnd - 1] == close { tagEnd -= 1 }
            let name = String(decoding: bytes[tagStart..<tagEnd], as: UTF8.self)
            if !name.isEmpty, name != "." { names.append(name) }
        }
        return names
    }
}

import Foundation
