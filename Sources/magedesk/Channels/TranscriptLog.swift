import Assistant
import Foundation
import MagentoModel

/// `--transcript-log FILE`: real conversations written as masked transcripts (the replay format),
/// so an interesting one can become a test once its masked values are swapped for fixture data.
///
/// Turns are gathered per conversation and written whole: when the conversation is handed over,
/// when many are open at once (the oldest first), and at shutdown.
actor TranscriptLog {
    private let file: FileOutput
    private var open: [String: [String]] = [:]
    private var order: [String] = []
    static let maximumOpen = 256

    init(path: String) throws {
        file = try FileOutput(path: path, name: "transcript log")
    }

    func record(_ input: TurnInput, _ result: TurnResult) {
        let id = input.conversationID
        if open[id] == nil {
            open[id] = ["# conversation \(Masking.text(id)) from \(ISO8601DateFormatter().string(from: Date())) (masked)"]
            if let customer = input.customer, let email = customer.email {
                open[id]!.append("# customer \(Masking.email(email))\(customer.verified ? ", verified by the helpdesk" : "")")
            }
            order.append(id)
        }
        let kept: Set<String> = Set([result.slots[Slot.orderNumber.rawValue]].compactMap { $0 })
        let sensitive = [result.slots[Slot.name.rawValue], result.slots[Slot.postcode.rawValue]].compactMap { $0 }
        let said = Masking.text(input.text, keeping: kept, sensitive: sensitive).split(separator: "\n", omittingEmptySubsequences: false)
        open[id]!.append("> " + (said.first.map(String.init) ?? ""))
        for line in said.dropFirst() { open[id]!.append(">| " + line) }
        open[id]!.append("< " + Masking.text(result.reply, keeping: kept, sensitive: sensitive).replacingOccurrences(of: "\n", with: " "))
        open[id]!.append(
            "? intent=\(result.intent.name) awaiting=\(result.awaiting?.rawValue ?? "none") verified=\(result.verified) "
                + "handoff=\(result.handoff?.reason.rawValue ?? "false")")
        if result.handoff != nil { write(id) }
        while order.count > Self.maximumOpen, let oldest = order.first { write(oldest) }
    }

    func flush() {
        for id in order { write(id) }
    }

    private func write(_ id: String) {
        guard let lines = open.removeValue(forKey: id) else { return }
        order.removeAll { $0 == id }
        file.append(lines.joined(separator: "\n") + "\n---\n")
    }
}
