public import Foundation
#if canImport(FoundationNetworking)
public import FoundationNetworking
#endif
public import Logging
public import MagentoModel
import Synchronization

/// What one HTTP exchange returned.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// How hard to try before a lookup gives up.
public struct RetryPolicy: Sendable {
    /// Attempts per request, the first included.
    public var maximumAttempts: Int
    /// Backoff before the first retry; doubled each time, with full jitter.
    public var initialBackoff: Duration
    /// Upper bound on one wait, including a `Retry-After` the store asks for.
    public var maximumBackoff: Duration
    /// Per-request timeout.
    public var requestTimeout: Duration
    /// Deadline for a whole lookup, retries included.
    public var lookupDeadline: Duration

    public init(
        maximumAttempts: Int = 3, initialBackoff: Duration = .milliseconds(100), maximumBackoff: Duration = .seconds(5),
        requestTimeout: Duration = .seconds(10), lookupDeadline: Duration = .seconds(20)
    ) {
        self.maximumAttempts = maximumAttempts
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.requestTimeout = requestTimeout
        self.lookupDeadline = lookupDeadline
    }

    public static let standard = RetryPolicy()
}

/// HTTP for both Magento clients: one URLSession (connection reuse), per-request timeouts,
/// jittered exponential backoff on connection errors, 429 (honouring `Retry-After`) and 502–504,
/// and never a retry on any other 4xx or 5xx: those are answers, not accidents.
public final class HTTPTransport: Sendable {
    private let session: URLSession
    public let policy: RetryPolicy
    let logger: Logger

    public init(policy: RetryPolicy = .standard, logger: Logger) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 16
        configuration.timeoutIntervalForRequest = policy.requestTimeout.seconds
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        self.session = URLSession(configuration: configuration)
        self.policy = policy
        self.logger = logger
    }

    /// URLSession's answer to `request`, stopped as soon as the calling task is cancelled (an agent's
    /// Ctrl-C): FoundationNetworking's async `data(for:)` would wait for the store instead.
    func cancellableData(for request: URLRequest) async throws -> (Data, URLResponse) {
        let pending = PendingDataTask()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let task = session.dataTask(with: request) { data, response, error in
                    if let error {
                        pending.finish(continuation, with: .failure(error))
                    } else if let response {
                        pending.finish(continuation, with: .success((data ?? Data(), response)))
                    } else {
                        pending.finish(continuation, with: .failure(URLError(.badServerResponse)))
                    }
                }
                pending.start(task, continuation: continuation)
            }
        } onCancel: {
            pending.cancel()
        }
    }

    /// Sends `request`, retrying what is worth retrying within the lookup deadline.
    /// `label` names the call in logs (never a secret or a customer's data).
    public func send(_ request: URLRequest, label: String) async throws(BackendError) -> HTTPResponse {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: policy.lookupDeadline)
        var attempt = 0
        // What to report when the deadline ends the retries: the last thing that went wrong, so a
        // refused connection reads as unreachable, not as slow.
        var giveUp = BackendError.timedOut
        var lastAnswer: HTTPResponse?
        while true {
            attempt += 1
            var request = request
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else {
                if let lastAnswer { return lastAnswer }
                throw giveUp
            }
            // FoundationNetworking on Linux times a sub-second timeout out at once, so never ask for less than 1 s.
            request.timeoutInterval = max(1, min(policy.requestTimeout, remaining).seconds)
            let started = clock.now
            let outcome: Result<HTTPResponse, URLError>
            do {
                let (data, response) = try await cancellableData(for: request)
                let http = response as? HTTPURLResponse
                var headers: [String: String] = [:]
                for (key, value) in http?.allHeaderFields ?? [:] {
                    if let key = key as? String, let value = value as? String { headers[key] = value }
                }
                outcome = .success(HTTPResponse(status: http?.statusCode ?? 0, headers: headers, body: data))
            } catch let error as URLError {
                outcome = .failure(error)
            } catch is CancellationError {
                throw .unreachable("the lookup was cancelled")
            } catch {
                outcome = .failure(URLError(.unknown))
            }
            let elapsed = started.duration(to: clock.now)
            let wait: Duration
            switch outcome {
            case .success(let response):
                logger.debug(
                    "magento request",
                    metadata: [
                        "call": "\(label)", "status": "\(response.status)", "ms": "\(elapsed.milliseconds)",
                        "attempt": "\(attempt)",
                    ])
                switch response.status {
                case 429:
                    guard attempt < policy.maximumAttempts else { throw .rateLimited }
                    giveUp = .rateLimited
                    wait = retryAfter(response) ?? backoff(attempt: attempt)
                case 502, 503, 504:
                    guard attempt < policy.maximumAttempts else { return response }
                    lastAnswer = response
                    wait = backoff(attempt: attempt)
                default:
                    return response
                }
            case .failure(let error):
                logger.debug(
                    "magento request failed",
                    metadata: ["call": "\(label)", "error": "\(error.code.rawValue)", "attempt": "\(attempt)"])
                lastAnswer = nil
                if error.code == .timedOut {
                    giveUp = .timedOut
                    guard attempt < policy.maximumAttempts, clock.now < deadline else { throw .timedOut }
                } else if error.code == .cancelled {
                    throw .unreachable("the lookup was cancelled")
                } else {
                    giveUp = .unreachable(describe(error))
                    guard attempt < policy.maximumAttempts else { throw giveUp }
                }
                wait = backoff(attempt: attempt)
            }
            guard clock.now.advanced(by: wait) < deadline else {
                if let lastAnswer { return lastAnswer }
                throw giveUp
            }
            do {
                try await Task.sleep(for: wait)
            } catch {
                throw .unreachable("the lookup was cancelled")
            }
        }
    }

    /// Full-jitter exponential backoff: uniform in [0, initial × 2^(attempt-1)], capped.
    func backoff(attempt: Int) -> Duration {
        let ceiling = min(policy.maximumBackoff, policy.initialBackoff * (1 << min(attempt - 1, 16)))
        let milliseconds = max(1, ceiling.milliseconds)
        return .milliseconds(Int64.random(in: milliseconds / 2...milliseconds))
    }

    func retryAfter(_ response: HTTPResponse) -> Duration? {
        guard let value = response.header("Retry-After")?.trimmingCharacters(in: .whitespaces),
            let seconds = Int(value), seconds >= 0
        else { return nil }
        return min(.seconds(seconds), policy.maximumBackoff)
    }

    private func describe(_ error: URLError) -> String {
        switch error.code {
        case .cannotConnectToHost: return "connection refused"
        case .cannotFindHost, .dnsLookupFailed: return "host not found"
        case .networkConnectionLost: return "connection dropped"
        case .notConnectedToInternet: return "no network"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate:
            return "TLS handshake failed"
        default: return "network error \(error.code.rawValue)"
        }
    }
}

extension Duration {
    var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }

    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

/// A data task that may be cancelled before or after it starts. Cancelling answers the waiting
/// caller at once: FoundationNetworking does not always call a cancelled task's completion handler.
final class PendingDataTask: Sendable {
    typealias Answer = Result<(Data, URLResponse), any Error>
    private struct State {
        var task: URLSessionDataTask?
        var continuation: CheckedContinuation<(Data, URLResponse), any Error>?
        var cancelled = false
    }
    private let state = Mutex(State())

    func start(_ task: URLSessionDataTask, continuation: CheckedContinuation<(Data, URLResponse), any Error>) {
        let cancelled = state.withLock { state in
            state.task = task
            state.continuation = continuation
            return state.cancelled
        }
        if cancelled {
            cancel()
        } else {
            task.resume()
        }
    }

    /// Resumes the caller once, with whichever answer comes first.
    func finish(_ continuation: CheckedContinuation<(Data, URLResponse), any Error>, with answer: Answer) {
        let waiting = state.withLock { state -> CheckedContinuation<(Data, URLResponse), any Error>? in
            defer { state.continuation = nil }
            return state.continuation
        }
        waiting?.resume(with: answer)
    }

    func cancel() {
        let (task, waiting) = state.withLock { state -> (URLSessionDataTask?, CheckedContinuation<(Data, URLResponse), any Error>?) in
            state.cancelled = true
            defer { state.continuation = nil }
            return (state.task, state.continuation)
        }
        task?.cancel()
        waiting?.resume(throwing: URLError(.cancelled))
    }
}
