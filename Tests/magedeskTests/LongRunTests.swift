import Foundation
import MagentoSimulator
import MagentoWire
import Testing

/// Many turns through one filter process while the store misbehaves in turn (timeouts, 5xx,
/// dropped connections, malformed bodies, 429): resident memory and open descriptors stay flat.
/// CI runs a short version; `scripts/soak.sh` runs 100,000 turns over 1,000 conversations
/// (MAGEDESK_SOAK_TURNS, MAGEDESK_SOAK_CONVERSATIONS) and prints the figures for BENCHMARKS.md.
@Suite struct LongRunTests {
    static let environment = ProcessInfo.processInfo.environment

    struct Sample {
        var turns: Int
        var residentKB: Int
        var descriptors: Int
    }

    static func sample(_ pid: Int32, turns: Int) -> Sample {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let rss = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? 0
        return Sample(turns: turns, residentKB: rss, descriptors: descriptors)
    }

    /// Turn `index` of the run: conversations go round; each asks, proves, asks more, and starts over.
    static func line(_ index: Int, conversations: Int) -> String {
        let conversation = "soak-\(index % conversations)"
        switch (index / conversations) % 4 {
        case 0: return #"{"conversation_id":"\#(conversation)","text":"where is order 000000101?","reset":true}"#
        case 1: return #"{"conversation_id":"\#(conversation)","text":"jane.doe@example.com"}"#
        case 2: return #"{"conversation_id":"\#(conversation)","text":"can I get the invoice for it?"}"#
        default: return #"{"conversation_id":"\#(conversation)","text":"has it shipped yet?"}"#
        }
    }

    @Test func memoryAndDescriptorsStayFlatOverALongRunWithStoreFaults() async throws {
        let turns = Int(Self.environment["MAGEDESK_SOAK_TURNS"] ?? "") ?? 3000
        let conversations = Int(Self.environment["MAGEDESK_SOAK_CONVERSATIONS"] ?? "") ?? 100
        let batch = max(100, turns / 100)
        let simulator = MagentoSimulator(fixture: try Fixture.sampleStore())
        let root = try await simulator.start()
        defer { Task { await simulator.stop() } }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("magedesk-soak-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm", ".lock", ".turns"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let filter = try RunningProcess(
            ["filter", "--state", "sqlite:\(path)", "--log-level", "critical", "--concurrency", "8"],
            environment: [
                "MAGENTO_BASE_URL": root.absoluteString, "MAGENTO_ACCESS_TOKEN": simulator.fixture.integration.accessToken,
                "MAGEDESK_LOOKUP_DEADLINE": "300ms",
            ])
        // Each tenth of the run has its fault; the timeouts cost the lookup deadline, so they are short.
        let faults: [SimulatorFault?] = [nil, .serverError, nil, .malformed, .drop, nil, .tooManyRequests, .timeout, .maintenance, nil]
        var samples: [Sample] = []
        var sent = 0
        let started = Date()
        var handoffs = 0
        while sent < turns {
            simulator.fault = faults[min(faults.count - 1, sent * faults.count / turns)]
            let count = min(batch, turns - sent)
            var text = ""
            for index in sent..<(sent + count) { text += Self.line(index, conversations: conversations) + "\n" }
            try filter.write(text)
            sent += count
            let expected = sent
            let lines = try await offPool { filter.waitForLines(expected, timeout: 120) }
            try #require(lines.count == sent, "\(lines.count) of \(sent) answers: \(filter.standardError)")
            samples.append(Self.sample(filter.process.processIdentifier, turns: sent))
        }
        let seconds = Date().timeIntervalSince(started)
        for line in filter.lines where line.contains(#""reason":"backend_unavailable""#) { handoffs += 1 }
        filter.closeInput()
        #expect(filter.waitForExit() == 0)

        // After warm-up (the first fifth), the last tenth against the first tenth.
        let measured = Array(samples.dropFirst(samples.count / 5))
        let tenth = max(1, measured.count / 10)
        let first = measured.prefix(tenth), last = measured.suffix(tenth)
        let firstRSS = Double(first.map(\.residentKB).reduce(0, +)) / Double(first.count)
        let lastRSS = Double(last.map(\.residentKB).reduce(0, +)) / Double(last.count)
        let firstFDs = first.map(\.descriptors).max() ?? 0, lastFDs = last.map(\.descriptors).max() ?? 0
        print(
            "long run: \(turns) turns over \(conversations) conversations in \(Int(seconds)) s (\(Int(Double(turns) / seconds)) turns/s), "
                + "\(handoffs) backend_unavailable handoffs; resident \(Int(firstRSS / 1024)) MiB after warm-up, \(Int(lastRSS / 1024)) MiB at the end "
                + "(\(String(format: "%+.1f", (lastRSS / firstRSS - 1) * 100)) %); open descriptors \(firstFDs) → \(lastFDs)")
        #expect(handoffs > 0, "the faults never reached a turn")
        #expect(lastRSS <= firstRSS * 1.10, "resident memory grew from \(Int(firstRSS)) KiB to \(Int(lastRSS)) KiB")
        #expect(lastFDs <= firstFDs + 4, "open descriptors grew from \(firstFDs) to \(lastFDs)")
    }
}
