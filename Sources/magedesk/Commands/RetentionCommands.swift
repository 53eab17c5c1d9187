import ArgumentParser
import Assistant
import Foundation
import MagentoModel

/// `magedesk purge`: deletes stored conversations idle for longer than a retention period.
struct PurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete stored conversations idle for longer than --older-than (30d by default).",
        discussion: "Workers purge on start too (MAGEDESK_RETENTION); run this from cron for long-running ones.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "Conversations idle longer than this go: 90s, 15m, 2h, 30d.")
    var olderThan: String = "30d"

    @Option(help: StateOption.help)
    var state: StateOption

    func run() async throws {
        options.bootstrapLogging()
        guard let seconds = DurationText.seconds(olderThan), seconds > 0 else {
            throw ValidationError("--older-than must be a duration such as 30d, 12h or 90m, not '\(olderThan)'")
        }
        let store = try await state.makeStore(logger: LogSetup.logger("magedesk.state"))
        let purged = try await store.purge(inactiveBefore: Date().addingTimeInterval(-TimeInterval(seconds)))
        print("purged \(purged) conversation\(purged == 1 ? "" : "s") idle for more than \(olderThan) from \(state)")
    }
}

/// `magedesk forget`: erases one customer's conversations and failed-proof counters (a data
/// subject's erasure request).
struct ForgetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Erase every stored conversation and counter that holds a customer's email address.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "The customer's email address.")
    var email: String

    @Option(help: StateOption.help)
    var state: StateOption

    func run() async throws {
        options.bootstrapLogging()
        let address = email.trimmingCharacters(in: .whitespaces)
        guard address.contains("@") else { throw ValidationError("--email must be an email address") }
        let store = try await state.makeStore(logger: LogSetup.logger("magedesk.state"))
        let forgotten = try await store.forget(email: address)
        print("erased \(forgotten) conversation\(forgotten == 1 ? "" : "s") and the verification counters of \(Masking.email(address)) from \(state)")
    }
}
