import Assistant
import MagentoWire
import MailChannel

/// The JSON answer of `magedesk mail --format json`: the filter's v1 object plus `mail`, what the
/// reply needs (`to`, `subject`, `in_reply_to`, `references`), or `{"version":1,"ignored":…}` for
/// a message that must not be answered.
enum MailContract {
    static func encode(_ result: TurnResult, turn: MailTurn) -> WireValue {
        guard case .object(var members) = FilterContract.encode(result) else { return .null }
        members["mail"] = [
            "to": .string(turn.to.address),
            "subject": .string(turn.subject),
            "in_reply_to": turn.inReplyTo.map { .string("<\($0)>") } ?? .null,
            "references": .array(turn.references.map { .string("<\($0)>") }),
        ]
        return .object(members)
    }

    static func ignored(_ reason: LoopGuard.Reason) -> WireValue {
        ["version": .int(FilterContract.version), "ignored": .string(reason.rawValue)]
    }
}
