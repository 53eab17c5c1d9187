import Assistant
import Foundation
import MagentoModel
import MagentoWire
import Prometheus

/// What every channel does after a turn besides replying: count it for /metrics, write the audit
/// line of any disclosure, and log the masked turn for the transcript log.
struct TurnReporting: Sendable {
    var metrics: TurnMetrics?
    var audit: AuditLog?
    var transcript: TranscriptLog?

    func record(_ input: TurnInput, _ result: TurnResult) async {
        metrics?.record(result)
        audit?.record(result)
        await transcript?.record(input, result)
    }

    func finish() async {
        await transcript?.flush()
    }
}

/// Prometheus counters of turns by intent, handoffs by reason, failed proofs and lockouts,
/// conversation-store failures and turns answered by failing closed, and a histogram of Magento
/// lookup latency.
final class TurnMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()

    func record(_ result: TurnResult) {
        registry.makeCounter(
            descriptor: .init(namespace: "magedesk", metricName: "turns", unitName: "total", helpText: "Turns answered, by intent"),
            labels: [("intent", result.intent.name.isEmpty ? "none" : result.intent.name)]
        ).increment()
        if let handoff = result.handoff {
            registry.makeCounter(
                descriptor: .init(namespace: "magedesk", metricName: "handoffs", unitName: "total", helpText: "Handoffs to a person, by reason"),
                labels: [("reason", handoff.reason.rawValue)]
            ).increment()
        }
        if let operation = result.events.stateFailure {
            registry.makeCounter(
                descriptor: .init(
                    namespace: "magedesk", metricName: "state_failures", unitName: "total",
                    helpText: "Conversation-store operations that failed or missed MAGEDESK_STATE_TIMEOUT, by operation"),
                labels: [("operation", operation.rawValue)]
            ).increment()
        }
        if result.handoff?.reason == .stateUnavailable { failClosedTurns.increment() }
        if result.events.verificationFailed { verificationFailures.increment() }
        if result.events.lockedOut { lockouts.increment() }
        for lookup in result.lookups {
            registry.makeDurationHistogram(
                descriptor: .init(namespace: "magedesk", metricName: "lookup_duration", unitName: "seconds", helpText: "Magento lookup latency"),
                labels: [("operation", lookup.operation.rawValue)], buckets: Self.buckets
            ).record(.nanoseconds(Int64(lookup.milliseconds * 1_000_000)))
        }
    }

    private var verificationFailures: Counter {
        registry.makeCounter(
            descriptor: .init(namespace: "magedesk", metricName: "verification_failures", unitName: "total", helpText: "Failed proofs of ownership"))
    }

    private var failClosedTurns: Counter {
        registry.makeCounter(
            descriptor: .init(
                namespace: "magedesk", metricName: "fail_closed_turns", unitName: "total",
                helpText: "Turns answered without the conversation store: nothing verified or shown, handed to a person"))
    }

    private var lockouts: Counter {
        registry.makeCounter(
            descriptor: .init(namespace: "magedesk", metricName: "lockouts", unitName: "total", helpText: "Turns refused because an order or email is locked"))
    }

    static let buckets: [Duration] = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000].map { .milliseconds($0) }

    /// The Prometheus text exposition of everything counted so far.
    func exposition() -> String {
        // Registered up front so a scrape shows them at zero before the first event.
        _ = verificationFailures
        _ = lockouts
        _ = failClosedTurns
        return registry.emitToString()
    }
}

/// `--audit-log FILE`: one JSON line per disclosure of order or account data, with the time, the
/// conversation, the order, how the asker was verified and the customer's email masked. Lines are
/// appended with O_APPEND, so several workers can share one file.
final class AuditLog: Sendable {
    private let file: FileOutput

    init(path: String) throws {
        file = try FileOutput(path: path, name: "audit log")
    }

    func record(_ result: TurnResult, at time: Date = Date()) {
        guard !result.events.disclosures.isEmpty else { return }
        let stamp = ISO8601DateFormatter().string(from: time)
        for disclosure in result.events.disclosures {
            let line: WireValue = [
                "time": .string(stamp),
                "conversation_id": .string(result.conversationID),
                "disclosed": .string(disclosure.kind.rawValue),
                "order": disclosure.orderNumber.map(WireValue.string) ?? .null,
                "verification": .string(disclosure.method),
                "email": .string(Masking.email(disclosure.email)),
            ]
            file.append(JSON.serialize(line) + "\n")
        }
    }
}
