public import Foundation
public import Logging
import Synchronization

/// Whether a dependency (the conversation store, the Magento store) answered the last time it was
/// asked, for `/health`, and the one log line per outage: an error when it starts failing, a
/// warning when it is back, and nothing for the turns in between.
public final class DependencyHealth: Sendable {
    public enum Status: Sendable, Equatable {
        case ok
        /// Failing since `since`, last for `reason` (an operator's wording, never customer data).
        case failing(since: Date, reason: String)
    }

    /// `state store` or `Magento`: how logs and `/health` name it.
    public let name: String
    private let logger: Logger
    private let state = Mutex<(status: Status, failures: Int, checked: Date?)>((.ok, 0, nil))

    /// How loud the start of an outage is: an error for the conversation store (turns fail closed),
    /// a warning for Magento (turns hand over, as they always did when a lookup failed).
    private let level: Logger.Level

    public init(name: String, logger: Logger, level: Logger.Level = .error) {
        self.name = name
        self.logger = logger
        self.level = level
    }

    public var status: Status { state.withLock { $0.status } }

    /// When it was last seen answering or failing (nil: not yet).
    public var lastChecked: Date? { state.withLock { $0.checked } }

    public func failed(_ reason: String, at time: Date = Date()) {
        let first = state.withLock { state -> Bool in
            state.checked = time
            state.failures += 1
            if case .failing = state.status {
                state.status = .failing(since: state.status.since ?? time, reason: reason)
                return false
            }
            state.status = .failing(since: time, reason: reason)
            return true
        }
        if first {
            logger.log(
                level: level, "\(name) unavailable; until it is back, affected turns are handed to a person",
                metadata: ["dependency": "\(name)", "error": "\(reason)"])
        }
    }

    public func succeeded(at time: Date = Date()) {
        let outage = state.withLock { state -> (Date, Int)? in
            state.checked = time
            guard case .failing(let since, _) = state.status else { return nil }
            defer {
                state.status = .ok
                state.failures = 0
            }
            return (since, state.failures)
        }
        if let (since, failures) = outage {
            // Warning, not notice: the default log level must show the end of an outage it showed the start of.
            logger.warning(
                "\(name) is back",
                metadata: [
                    "dependency": "\(name)", "outage_seconds": "\(Int(time.timeIntervalSince(since).rounded()))", "failures": "\(failures)",
                ])
        }
    }
}

extension DependencyHealth.Status {
    var since: Date? {
        if case .failing(let since, _) = self { return since }
        return nil
    }
}
