import Foundation
import MagentoSimulator
import MagentoWire
import Testing

/// Outages under a running `magedesk filter`, as an operator meets them: a black-holed Magento,
/// PostgreSQL stopped and started and then hanging, a SQLite file made read-only (immutable) and its disk filled. Each turn is
/// answered within its deadline plus 0.5 s, fails closed while the store is out, the filter keeps
/// reading, and the store is used again as soon as it is back.
@Suite(.serialized) struct ReliabilityProcessTests {
    static let stateTimeout = 1.5
    static let slack = 0.5

    /// Sends one line and waits for its answer; returns it and how long it took.
    static func turn(_ filter: RunningProcess, _ line: String, timeout: TimeInterval = 15) async throws -> (WireValue, TimeInterval) {
        let before = filter.lines.count
        let start = Date()
        try filter.write(line + "\n")
        let lines = try await offPool { filter.waitForLines(before + 1, timeout: timeout) }
        let elapsed = Date().timeIntervalSince(start)
        try #require(lines.count > before, "no answer to \(line): \(filter.standardError)")
        return (try JSON.parse(lines[before]), elapsed)
    }

    static func line(_ conversation: String, _ text: String, vouched: String? = nil) -> String {
        var pairs: [(String, WireValue)] = [("conversation_id", .string(conversation)), ("text", .string(text))]
        if let vouched { pairs.append(("customer", ["email": .string(vouched), "verified": .bool(true)])) }
        return JSON.serialize(.object(.init(uniqueKeysWithValues: pairs)))
    }

    /// Runs a shell command to its end; its status and output.
    @discardableResult
    static func shell(_ command: String, environment: [String: String] = [:]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = FilterProcessTests.repository
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func occurrences(of text: String, in log: String) -> Int { log.components(separatedBy: text).count - 1 }

    // MARK: Magento

    /// A loopback port whose connections are accepted and never answered.
    final class BlackHole: @unchecked Sendable {
        let descriptor: Int32
        let port: Int
        private var accepted: [Int32] = []
        private let lock = NSLock()

        init() throws {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
            try #require(bound == 0 && listen(descriptor, 64) == 0)
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
            self.descriptor = descriptor
            port = Int(UInt16(bigEndian: address.sin_port))
            Thread.detachNewThread { [self] in
                while true {
                    let connection = accept(descriptor, nil, nil)
                    guard connection >= 0 else { return }
                    lock.withLock { accepted.append(connection) }
                }
            }
        }

        func close() {
            shutdown(descriptor, Int32(SHUT_RDWR))
            Glibc.close(descriptor)
            lock.withLock { for connection in accepted { Glibc.close(connection) } }
        }
    }

    @Test func aStoreThatAcceptsAndNeverAnswersIsAnsweredWithinTheLookupDeadline() async throws {
        let hole = try BlackHole()
        defer { hole.close() }
        let filter = try RunningProcess(
            ["filter", "--log-level", "error"],
            environment: ["MAGENTO_BASE_URL": "http://127.0.0.1:\(hole.port)", "MAGENTO_ACCESS_TOKEN": "t", "MAGEDESK_LOOKUP_DEADLINE": "2s"])
        _ = try await Self.turn(filter, Self.line("warm", "hello"), timeout: 60)
        let (answer, elapsed) = try await Self.turn(filter, Self.line("b", "where is order 000000101?", vouched: "jane.doe@example.com"))
        #expect(answer["handoff"]["reason"].string == "backend_unavailable")
        #expect(elapsed < 2 + Self.slack, "answered after \(elapsed) s")
        // The filter keeps reading.
        let (next, _) = try await Self.turn(filter, Self.line("c", "thanks"))
        #expect(next["reply"].string?.isEmpty == false)
        filter.closeInput()
        #expect(filter.waitForExit() == 0)
    }

    // MARK: PostgreSQL

    /// A loopback port nothing listens on right now.
    static func freePort() throws -> Int {
        let hole = try BlackHole()
        defer { hole.close() }
        return hole.port
    }

    @Test func postgresStoppedAndStartedUnderARunningFilter() async throws {
        // A server of its own on another port, so stopping it disturbs no other test.
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("magedesk-outage-postgres-\(getpid())").path
        let environment = ["MAGEDESK_TEST_POSTGRES_PORT": "\(try Self.freePort())", "MAGEDESK_TEST_POSTGRES_DATA": data]
        let (started, url) = try Self.shell("scripts/start-postgres.sh", environment: environment)
        try #require(started == 0, "could not start PostgreSQL: \(url)")
        defer {
            let server = "$(head -1 '\(data)/postmaster.pid' 2>/dev/null)"
            _ = try? Self.shell("kill -CONT \(server) $(pgrep -P \(server)) 2>/dev/null; scripts/start-postgres.sh stop; rm -rf '\(data)'", environment: environment)
        }
        let filter = try RunningProcess(
            ["filter", "--state", url.trimmingCharacters(in: .whitespacesAndNewlines)], environment: ["MAGEDESK_STATE_TIMEOUT": "\(Self.stateTimeout)s"])
        let (first, _) = try await Self.turn(filter, Self.line("p", "where is order 000000101?"), timeout: 60)
        #expect(first["awaiting"].string == "email")

        try #require(Self.shell("scripts/start-postgres.sh stop", environment: environment).0 == 0)
        for (conversation, text) in [("p", "jane.doe@example.com"), ("q", "where is order 000000101? jane.doe@example.com"), ("p", "jane.doe@example.com")] {
            let (answer, elapsed) = try await Self.turn(filter, Self.line(conversation, text))
            #expect(answer["handoff"]["reason"].string == "state_unavailable")
            #expect(answer["verified"].bool == false)
            #expect(answer["reply"].string?.contains("complete") == false)
            #expect(elapsed < Self.stateTimeout + Self.slack, "answered after \(elapsed) s")
        }

        try #require(Self.shell("scripts/start-postgres.sh resume", environment: environment).0 == 0)
        // No restart: the next turns use the server again (the pool reconnects within moments).
        var recovered: WireValue?
        for _ in 0..<20 {
            let (answer, _) = try await Self.turn(filter, Self.line("p", "jane.doe@example.com"))
            if answer["handoff"]["reason"].string != "state_unavailable" {
                recovered = answer
                break
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        let answer = try #require(recovered, "the store was not used again: \(filter.standardError)")
        // The conversation from before the outage goes on: it was waiting for the email.
        #expect(answer["verified"].bool == true)

        // Hanging: the server's processes stopped (SIGSTOP), its connections open, nothing answers.
        let server = "$(head -1 '\(data)/postmaster.pid')"
        try #require(Self.shell("kill -STOP \(server) $(pgrep -P \(server))").0 == 0)
        do {
            let (hung, elapsed) = try await Self.turn(filter, Self.line("p", "where is order 000000101?"))
            #expect(hung["handoff"]["reason"].string == "state_unavailable")
            #expect(elapsed < Self.stateTimeout + Self.slack, "answered after \(elapsed) s")
        }
        try #require(Self.shell("kill -CONT \(server) $(pgrep -P \(server))").0 == 0)
        var resumed = false
        for _ in 0..<20 {
            let (answer, _) = try await Self.turn(filter, Self.line("p", "where is order 000000101?"))
            if answer["handoff"]["reason"].string != "state_unavailable" {
                #expect(answer["verified"].bool == true)
                resumed = true
                break
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(resumed, "the store was not used again after it answered again: \(filter.standardError)")

        filter.closeInput()
        #expect(filter.waitForExit() == 0)
        let log = filter.standardError
        #expect(Self.occurrences(of: "state store unavailable", in: log) == 2, "one line per outage: \(log)")
        #expect(Self.occurrences(of: "state store is back", in: log) == 2, "\(log)")
    }

    // MARK: SQLite

    /// A small tmpfs of its own (root, where mounts are allowed), or nil.
    static func tmpfs() throws -> String? {
        let mount = FileManager.default.temporaryDirectory.appendingPathComponent("magedesk-outage-sqlite-\(getpid())").path
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        guard getuid() == 0, try shell("mount -t tmpfs -o size=2m magedesk-test '\(mount)'").0 == 0 else {
            try? FileManager.default.removeItem(atPath: mount)
            return nil
        }
        return mount
    }

    @Test func sqliteReadOnlyAndOnAFullDiskFailsClosedAndRecovers() async throws {
        guard let mount = try Self.tmpfs() else {
            print("skipped: mounting a tmpfs needs root and a mount-capable machine")
            return
        }
        defer { _ = try? Self.shell("chattr -i '\(mount)'/* 2>/dev/null; umount -l '\(mount)'; rmdir '\(mount)'") }
        let filter = try RunningProcess(
            ["filter", "--state", "sqlite:\(mount)/state.sqlite"], environment: ["MAGEDESK_STATE_TIMEOUT": "\(Self.stateTimeout)s"])
        let (first, _) = try await Self.turn(filter, Self.line("r", "where is order 000000101?"), timeout: 60)
        #expect(first["awaiting"].string == "email")

        func expectFailClosed(_ conversation: String, _ text: String) async throws {
            let (answer, elapsed) = try await Self.turn(filter, Self.line(conversation, text))
            #expect(answer["handoff"]["reason"].string == "state_unavailable", "\(answer)")
            #expect(answer["verified"].bool == false)
            #expect(elapsed < Self.stateTimeout + Self.slack, "answered after \(elapsed) s")
        }

        // Read-only: the files made immutable, so nothing can open them for writing any more (a
        // running process's open descriptors keep writing; the full disk below fails those).
        let files = ["", "-wal", "-shm", ".turns"].map { "'\(mount)/state.sqlite\($0)'" }.joined(separator: " ")
        try #require(Self.shell("chattr +i \(files)").0 == 0, "chattr +i is not supported here")
        try await expectFailClosed("r", "jane.doe@example.com")
        try #require(Self.shell("chattr -i \(files)").0 == 0)
        let (back, _) = try await Self.turn(filter, Self.line("r", "jane.doe@example.com"))
        #expect(back["verified"].bool == true, "\(back) \(filter.standardError)")

        // Full.
        try Self.shell("dd if=/dev/zero of='\(mount)/filler' bs=4k 2>/dev/null")
        try await expectFailClosed("s", "where is order 000000101? my email is jane.doe@example.com")
        try await expectFailClosed("s", "jane.doe@example.com")
        try FileManager.default.removeItem(atPath: "\(mount)/filler")
        let (again, _) = try await Self.turn(filter, Self.line("s", "where is order 000000101? my email is jane.doe@example.com"))
        #expect(again["verified"].bool == true, "\(again) \(filter.standardError)")

        filter.closeInput()
        #expect(filter.waitForExit() == 0)
        let (integrity, result) = try Self.shell("sqlite3 '\(mount)/state.sqlite' 'PRAGMA integrity_check' 2>&1 || echo no-sqlite3")
        if integrity == 0, !result.contains("no-sqlite3") { #expect(result.trimmingCharacters(in: .whitespacesAndNewlines) == "ok") }
        let log = filter.standardError
        #expect(Self.occurrences(of: "state store unavailable", in: log) == 2, "one line per outage: \(log)")
    }
}
