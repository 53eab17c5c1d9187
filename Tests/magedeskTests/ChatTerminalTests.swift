import Foundation
import MagentoSimulator
import Testing

/// `magedesk chat` in a real terminal: tmux runs it, types into it and reads the screen.
@Suite(.serialized) struct ChatTerminalTests {
    /// One private tmux server, so a test never touches the developer's sessions.
    struct Tmux {
        let socket = "magedesk-test-\(UUID().uuidString.prefix(8))"

        @discardableResult
        func run(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            let startsServer = arguments.first == "new-session"
            // The server must start clean: not with the descriptor Foundation watches for the child's
            // exit (waiting for the client would wait for the server), and not with this test
            // process's blocked signals (tmux and the chat in it could then never be stopped).
            let closeInherited = [
                "python3", "-c",
                "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.closerange(3, 4096); os.execvp(sys.argv[1], sys.argv[1:])",
            ]
            process.arguments = (startsServer ? closeInherited : []) + ["tmux", "-L", socket] + arguments
            let output = Pipe()
            let errors = Pipe()
            // The command that starts the server must not hand it our pipes: the server would
            // keep them open, and reading them to the end would wait for it to exit.
            process.standardOutput = startsServer ? FileHandle.nullDevice : output
            process.standardError = startsServer ? FileHandle.nullDevice : errors
            process.standardInput = FileHandle.nullDevice
            try process.run()
            if startsServer {
                process.waitUntilExit()
                guard process.terminationStatus == 0 else { throw TmuxError(message: "tmux new-session failed") }
                return ""
            }
            let data = output.fileHandleForReading.readDataToEndOfFile()
            let problems = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            if process.terminationStatus != 0, arguments.first != "kill-server" {
                throw TmuxError(message: "tmux \(arguments.first ?? "") failed: \(String(decoding: problems, as: UTF8.self))")
            }
            return String(decoding: data, as: UTF8.self)
        }

        /// Runs `binary arguments` in the repository, in a 220×60 terminal.
        func start(_ binary: String, _ arguments: String, environment: [String: String] = [:]) throws {
            let exports = environment.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
            let command = "cd '\(FilterProcessTests.repository.path)' && env -u NO_COLOR \(exports) '\(binary)' \(arguments); sleep 30"
            try run(["new-session", "-d", "-s", "chat", "-x", "220", "-y", "60", command])
        }

        func type(_ keys: String...) throws { try run(["send-keys", "-t", "chat"] + keys) }
        func screen(escapes: Bool = false) throws -> String { try run(["capture-pane", "-p", "-t", "chat"] + (escapes ? ["-e"] : [])) }

        /// Waits until the screen shows `text` (or `timeout` passes) and returns the screen.
        func waitFor(_ text: String, timeout: TimeInterval = 15) throws -> String {
            let deadline = Date().addingTimeInterval(timeout)
            try run(["has-session", "-t", "chat"])
            var shown = try screen()
            while !shown.contains(text), Date() < deadline {
                usleep(50_000)
                shown = try screen()
            }
            return shown
        }

        func stop() { _ = try? run(["kill-server"]) }
    }

    struct TmuxError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static var hasTmux: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

    @Test func agentsEditRecallDebugActAsAndQuit() async throws {
        try #require(Self.hasTmux, "tmux is needed (scripts/install-deps.sh installs it)")
        let binary = try FilterProcessTests.binary().path
        let tmux = Tmux()
        defer { tmux.stop() }
        try await offPool {
            try tmux.start(binary, "chat", environment: ["TERM": "xterm-256color"])
            #expect(try tmux.waitFor("you>").contains("DEMO DATA"))
            try tmux.type("where is order 000000101", "Enter")
            #expect(try tmux.waitFor("email address").contains("000000101"))
            // A typo fixed in place: ← eight times lands before "mple.com"; "a" goes in.
            try tmux.type("jane.doe@exmple.com")
            try tmux.type("Left", "Left", "Left", "Left", "Left", "Left", "Left", "Left", "a", "Enter")
            #expect(try tmux.waitFor("UPS").contains("jane.doe@example.com"))
            try tmux.type("/debug", "Enter")
            _ = try tmux.waitFor("(debug on)")
            // ↑ ↑ recalls the email line; its reply now shows the turn's details.
            try tmux.type("Up", "Up", "Enter")
            let debugged = try tmux.waitFor("lookups order_by_number:found")
            #expect(debugged.contains("  intent "))
            #expect(debugged.contains("verified true"))
            // Ctrl-C at the prompt drops the line.
            try tmux.type("never sent", "C-c")
            _ = try tmux.waitFor("^C")
            try tmux.type("/as chloe.zhang@example.com", "Enter", "show me my orders", "Enter")
            let account = try tmux.waitFor("000000107")
            #expect(account.contains("acting as chloe.zhang@example.com"))
            #expect(!account.contains("magedesk> never sent"))
            try tmux.type("/reset", "Enter")
            _ = try tmux.waitFor("(new conversation")
            let colours = try tmux.screen(escapes: true)
            #expect(colours.contains("\u{1B}["), "colour on a terminal")
            try tmux.type("/help", "Enter")
            #expect(try tmux.waitFor("/as EMAIL").contains("/reset"))
            try tmux.type("C-d")
            usleep(500_000)
            #expect(try tmux.run(["list-panes", "-t", "chat", "-F", "#{pane_current_command}"]).contains("sleep"), "Ctrl-D left the chat")
        }
    }

    @Test func ctrlCCancelsTheLookupInFlight() async throws {
        try #require(Self.hasTmux, "tmux is needed (scripts/install-deps.sh installs it)")
        let simulator = MagentoSimulator(fixture: try Fixture.sampleStore())
        simulator.latency = .seconds(5)
        let root = try await simulator.start()
        let binary = try FilterProcessTests.binary().path
        let tmux = Tmux()
        defer { tmux.stop() }
        try await offPool {
            try tmux.start(
                binary, "chat",
                environment: ["MAGENTO_BASE_URL": root.absoluteString, "MAGENTO_ACCESS_TOKEN": simulator.fixture.integration.accessToken])
            _ = try tmux.waitFor("you>")
            try tmux.type("where is order 000000101", "Enter")
            _ = try tmux.waitFor("email address")
            try tmux.type("jane.doe@example.com", "Enter")
            usleep(300_000)
            let started = Date()
            try tmux.type("C-c")
            let screen = try tmux.waitFor("(cancelled)", timeout: 4)
            #expect(screen.contains("(cancelled)"))
            #expect(Date().timeIntervalSince(started) < 4, "the slow lookup was not waited for")
            // The chat goes on after a cancelled turn: the next one is answered.
            try tmux.type("thanks a lot", "Enter")
            #expect(try tmux.waitFor("nything else", timeout: 10).contains("nything else"))
        }
        await simulator.stop()
    }

    @Test func pipedInputIsPlainText() throws {
        let (status, lines, _) = try FilterProcessTests.run(["chat"], stdin: Data("where is order 000000101\njane.doe@example.com\n/quit\n".utf8))
        #expect(status == 0)
        let text = lines.joined(separator: "\n")
        #expect(text.contains("UPS"))
        #expect(!text.contains("\u{1B}["), "no colour when piped")
        #expect(!text.contains("you>"), "no prompt when piped")
    }
}
