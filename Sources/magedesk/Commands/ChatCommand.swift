import ArgumentParser
import Assistant
import Foundation

/// `magedesk chat`: a conversation at the terminal, for support agents (and the demo).
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Talk to magedesk in the terminal (the demo store when nothing is configured).")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        options.bootstrapLogging()
        let runtime: AssistantRuntime
        do {
            runtime = try await AssistantRuntime.start(options: options)
        } catch {
            throw StartupFailure(error)
        }
        let style = TerminalStyle(enabled: isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        if runtime.isDemo {
            print(style.notice(AssistantRuntime.demoBanner))
            print(style.dim("Try: where is my order 000000101?  (then: jane.doe@example.com)"))
        } else {
            print(style.dim("magedesk connected to \(runtime.backend.summary)"))
        }
        print(style.dim("Type /quit or press Ctrl-D to leave."))
        let conversationID = "chat-\(UUID().uuidString.prefix(8))"
        let interactive = isatty(0) == 1
        while true {
            if interactive {
                print(style.prompt("you> "), terminator: "")
                fflush(nil)
            }
            guard let line = readLine() else { break }
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            if text == "/quit" || text == "/exit" { break }
            let result = await runtime.engine.handle(TurnInput(conversationID: conversationID, text: text))
            print(style.bot("magedesk> ") + result.reply)
            if let handoff = result.handoff {
                print(style.dim("[handoff: \(handoff.reason.rawValue) — \(handoff.summary)]"))
            }
        }
        await runtime.shutdown()
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
