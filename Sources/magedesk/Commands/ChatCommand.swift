import ArgumentParser
import Assistant
import Foundation
import MagentoModel

/// `magedesk chat`: a conversation at the terminal, for support agents (and the demo).
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Talk to magedesk in the terminal (the demo store when nothing is configured).",
        discussion: "Commands: \(ChatSession.commandHelp)")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var channel: ChannelOptions

    @Option(name: .customLong("as"), help: "Act as this helpdesk-verified customer (as /as EMAIL does).")
    var asCustomer: String?

    @Flag(help: "Show intent, slots, verification and lookups after each reply (as /debug does).")
    var debug = false

    func run() async throws {
        options.bootstrapLogging()
        // Before any other thread starts: they inherit the signal mask this sets up.
        let interrupts = TerminationSignals([SIGINT])
        let (runtime, reporting) = try await channel.start(options)
        let environment = ProcessInfo.processInfo.environment
        let style = TerminalStyle(enabled: isatty(1) == 1 && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb")
        var session = ChatSession(engine: runtime.engine, reporting: reporting, style: style, debug: debug, interrupts: interrupts)
        if let asCustomer { session.customer = CustomerContext(email: asCustomer, verified: true) }
        if runtime.isDemo {
            print(style.notice(AssistantRuntime.demoBanner))
            print(style.dim("Try: where is my order 000000101?  (then: jane.doe@example.com)"))
        } else {
            print(style.dim("magedesk connected to \(runtime.backend.summary)"))
        }
        print(style.dim("Type /help for commands, /quit or Ctrl-D to leave."))
        await session.run(editor: LineEditor())
        await reporting.finish()
        await runtime.shutdown()
    }
}

/// One agent's REPL conversation: reads lines, runs turns (Ctrl-C cancels the one in flight) and
/// answers the slash commands.
struct ChatSession {
    let engine: ConversationEngine
    let reporting: TurnReporting
    let style: TerminalStyle
    var debug: Bool
    var customer: CustomerContext?
    var conversationID = ChatSession.newConversationID()
    /// Ctrl-C while a turn runs (the prompt reads keys raw, so there it is only a key).
    let interrupts: TerminationSignals

    static let commandHelp =
        "/help, /reset (start over), /debug (toggle turn details), /as EMAIL (act as a helpdesk-verified customer; /as alone stops), /quit"

    init(engine: ConversationEngine, reporting: TurnReporting, style: TerminalStyle, debug: Bool, interrupts: TerminationSignals) {
        self.interrupts = interrupts
        self.engine = engine
        self.reporting = reporting
        self.style = style
        self.debug = debug
    }

    static func newConversationID() -> String { "chat-\(UUID().uuidString.prefix(8).lowercased())" }

    mutating func run(editor: LineEditor) async {
        let prompt = style.prompt("you> ")
        while true {
            let input = editor.isInteractive ? editor.read(prompt: prompt, promptWidth: 5) : editor.read(prompt: "", promptWidth: 0)
            switch input {
            case .endOfInput: return
            case .interrupted: continue
            case .line(let line):
                let text = line.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { continue }
                if text.hasPrefix("/") {
                    if !command(text) { return }
                    continue
                }
                await turn(text)
            }
        }
    }

    /// Answers a slash command; false means leave.
    mutating func command(_ text: String) -> Bool {
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        switch parts[0] {
        case "/quit", "/exit": return false
        case "/help": print(style.dim("Commands: " + Self.commandHelp))
        case "/reset":
            conversationID = Self.newConversationID()
            print(style.dim("(new conversation \(conversationID))"))
        case "/debug":
            debug.toggle()
            print(style.dim("(debug \(debug ? "on" : "off"))"))
        case "/as":
            if parts.count > 1, parts[1].contains("@") {
                customer = CustomerContext(email: parts[1].trimmingCharacters(in: .whitespaces), verified: true)
                print(style.dim("(acting as \(parts[1]), verified by the helpdesk)"))
            } else if parts.count > 1 {
                print(style.dim("/as needs an email address, e.g. /as jane.doe@example.com"))
            } else {
                customer = nil
                print(style.dim("(acting as an anonymous customer)"))
            }
        default: print(style.dim("unknown command \(parts[0]); " + Self.commandHelp))
        }
        return true
    }

    /// One turn; Ctrl-C while it runs cancels its lookup and drops the reply.
    mutating func turn(_ text: String) async {
        let input = TurnInput(conversationID: conversationID, text: text, customer: customer)
        let engine = engine
        let reporting = reporting
        let task = Task {
            let result = await engine.handle(input)
            await reporting.record(input, result)
            return result
        }
        let result = await interrupts.handling({ task.cancel() }) { await task.value }
        if task.isCancelled {
            print(style.dim("(cancelled)"))
            return
        }
        print(style.bot("magedesk> ") + result.reply)
        if let handoff = result.handoff {
            print(style.dim("[handoff: \(handoff.reason.rawValue) — \(handoff.summary)]"))
        }
        if debug { print(style.dim(Self.details(result))) }
    }

    static func details(_ result: TurnResult) -> String {
        var lines = [
            String(format: "  intent %@ (%.3f)", result.intent.name, result.intent.confidence),
            "  slots " + (result.slots.isEmpty ? "none" : result.slots.keys.sorted().map { "\($0)=\(result.slots[$0]!)" }.joined(separator: " ")),
            "  verified \(result.verified)" + (result.awaiting.map { ", awaiting \($0.rawValue)" } ?? ""),
        ]
        if result.lookups.isEmpty {
            lines.append("  lookups none")
        } else {
            lines.append(
                "  lookups " + result.lookups.map { String(format: "%@:%@ %.1f ms", $0.operation.rawValue, $0.outcome.rawValue, $0.milliseconds) }
                    .joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}

/// ANSI colour when writing to a terminal, plain text otherwise (or with NO_COLOR).
struct TerminalStyle {
    let enabled: Bool
    func paint(_ text: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func notice(_ text: String) -> String { paint(text, "1;33") }
    func dim(_ text: String) -> String { paint(text, "2") }
    func prompt(_ text: String) -> String { paint(text, "1;36") }
    func bot(_ text: String) -> String { paint(text, "1;32") }
}
