import ArgumentParser
import Assistant
import Foundation
import MagentoWire
import MailChannel

/// `magedesk mail`: one raw email on stdin (as Postfix `pipe`, procmail or getmail hand it over),
/// its answer on stdout, and an exit status a mail system understands (sysexits).
struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "Answer one email (RFC 5322) read on stdin, for a support mailbox.",
        discussion: """
            --format json (default): the filter's v1 object plus "mail":{"to","subject","in_reply_to","references"}, or \
            {"version":1,"ignored":"auto_submitted|list|bounce|own_address"} for a message that must not be answered.
            --format message: the reply as a complete message for `sendmail -t -oi` (needs MAGEDESK_MAIL_FROM); nothing \
            for an ignored message.
            Exit status: 0 answered or deliberately ignored; 65 the message cannot be read; 75 the store, the \
            conversation state or the configuration is not available now, so the mail system keeps the message and \
            tries again. The reason goes to stderr.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json
        case message
    }

    @OptionGroup var options: GlobalOptions

    @Option(help: "json: the filter's object with the reply's addressing; message: the reply as an email for sendmail -t.")
    var format: Format = .json

    @OptionGroup var channel: ChannelOptions

    @Option(name: .customLong("store-email"), help: "One of the store's own addresses or @domains (adds to MAGEDESK_STORE_EMAILS); repeatable.")
    var storeEmails: [String] = []

    @Option(help: "Largest message accepted, in bytes; a larger one is refused (exit 65).")
    var maxBytes: Int = 1 << 20

    func validate() throws {
        guard maxBytes >= 1 else { throw ValidationError("--max-bytes must be at least 1") }
    }

    /// sysexits(3).
    static let dataError: Int32 = 65
    static let temporaryFailure: Int32 = 75

    func run() async throws {
        options.bootstrapLogging()
        let message: MailMessage
        do {
            message = try MailMessage(try MailInput.read(descriptor: 0, limit: maxBytes))
        } catch {
            throw fail(Self.dataError, "the message cannot be read: \(error)")
        }

        var settings: Settings
        let storeAddresses: StoreAddresses
        let sender: MailAddress?
        let authentication: SenderAuthentication?
        do {
            settings = try options.settings()
            sender = try settings.mailFrom()
            // The address replies come from is the store's own, whatever else is listed.
            settings.append(storeEmails + (sender.map { [$0.address] } ?? []), toList: "MAGEDESK_STORE_EMAILS")
            storeAddresses = try settings.engineSettings().storeEmails
            authentication = settings["MAGEDESK_MAIL_AUTHSERV_ID"].map(SenderAuthentication.init)
        } catch {
            throw fail(Self.temporaryFailure, "magedesk cannot start: \(error)")
        }
        if format == .message, sender == nil {
            throw fail(Self.temporaryFailure, "magedesk cannot start: --format message needs MAGEDESK_MAIL_FROM, the address replies come from")
        }

        // Decided before anything starts: a bounce or an auto-reply costs no engine start-up.
        if let reason = LoopGuard(storeAddresses: storeAddresses).reason(toIgnore: message) {
            if format == .json { StandardOutput.writeLine(JSON.serialize(MailContract.ignored(reason))) }
            return
        }
        let turn: MailTurn
        do {
            turn = try MailTurn(message, authentication: authentication)
        } catch {
            throw fail(Self.dataError, "the message cannot be read: \(error)")
        }

        let started: (AssistantRuntime, TurnReporting)
        do {
            started = try await channel.start(options, settings: settings)
        } catch {
            throw fail(Self.temporaryFailure, "\(error)")
        }
        let (runtime, reporting) = started
        let result = await runtime.engine.handle(turn.input)
        await reporting.record(turn.input, result)
        await reporting.finish()
        await runtime.shutdown()

        if let reason = result.handoff?.reason.rawValue, Self.temporaryReasons.contains(reason) {
            throw fail(Self.temporaryFailure, "not answered now (\(reason)): the mail system should keep the message and try again")
        }
        switch format {
        case .json:
            StandardOutput.writeLine(JSON.serialize(MailContract.encode(result, turn: turn)))
        case .message:
            FileOutput.writeAll(MailReply(from: sender!, turn: turn, result: result).rendered(), to: 1)
        }
    }

    /// Handoff reasons that mean "not now" rather than "not at all".
    static let temporaryReasons: Set<String> = [Handoff.Reason.backendUnavailable.rawValue, "state_unavailable"]

    /// Writes `text` to stderr and ends with `status`.
    func fail(_ status: Int32, _ text: String) -> ExitCode {
        FileOutput.writeAll("magedesk mail: \(text)\n", to: 2)
        return ExitCode(status)
    }
}

/// The whole of stdin, up to a limit; what lies beyond it is read and dropped, so the mail system
/// writing it does not fail on a closed pipe before it sees the exit status.
enum MailInput {
    static func read(descriptor: Int32, limit: Int) throws(MailReadError) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var tooLarge = false
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadableInput(String(cString: strerror(errno)))
            }
            if count == 0 { break }
            if !tooLarge {
                bytes.append(contentsOf: buffer[0..<count])
                if bytes.count > limit {
                    tooLarge = true
                    bytes = []
                }
            }
        }
        if tooLarge { throw .tooLarge(limit: limit) }
        return bytes
    }
}

extension Settings {
    /// `MAGEDESK_MAIL_FROM`: the address replies are sent from (`Shop Support <support@shop.example>`).
    func mailFrom() throws(ConfigurationError) -> MailAddress? {
        guard let text = self["MAGEDESK_MAIL_FROM"] else { return nil }
        let addresses = MailAddress.list(text)
        guard addresses.count == 1 else {
            throw .invalidValue("MAGEDESK_MAIL_FROM", "must be one address, such as 'Shop Support <support@shop.example>', not '\(text)'")
        }
        return addresses[0]
    }
}
