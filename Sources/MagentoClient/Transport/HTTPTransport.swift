import AsyncHTTPClient
public import Foundation
public import Logging
public import MagentoModel
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOPosix

/// One request to a store, as both clients build it: lookups are GETs (Magento 2) or API calls
/// POSTed to Magento 1's endpoint; the token exchange POSTs too. Nothing here ever writes to a store.
public struct HTTPRequest: Sendable {
    public var url: URL
    public var method: String
    public var headers: [String: String]
    public var body: Data?

    public init(url: URL, method: String = "GET", headers: [String: String] = [:], body: Data? = nil) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }
}

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
    /// Deadline for a whole lookup, retries included (a turn's `LookupDeadline` shortens it).
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

/// HTTP for both Magento clients: AsyncHTTPClient on SwiftNIO (one connection pool per process,
/// connections kept alive and shared by every conversation), per-request timeouts, jittered
/// exponential backoff on connection errors, 429 (honouring `Retry-After`) and 502–504, and never a
/// retry on any other 4xx or 5xx: those are answers, not accidents. A cancelled calling task (an
/// agent's Ctrl-C) stops the request at once.
public final class HTTPTransport: Sendable {
    public let policy: RetryPolicy
    let logger: Logger

    /// The largest response body read; a Magento answer is far smaller.
    static let maximumBodyBytes = 32 << 20

    public init(policy: RetryPolicy = .standard, logger: Logger) {
        self.policy = policy
        self.logger = logger
    }

    /// The environment's HTTP proxy, if it names one.
    static let proxy = ProxySettings.fromEnvironment(ProcessInfo.processInfo.environment)

    /// Clients for the process, never shut down (as `HTTPClient.shared`), with the connection pool
    /// this workload wants: up to 32 keep-alive connections per store for concurrent conversations,
    /// no connection retries of their own (`send` decides what to retry), and no tracing.
    static let direct = makeClient(proxy: nil)
    static let proxied = proxy.map { makeClient(proxy: $0) }

    private static func makeClient(proxy: ProxySettings?) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 32)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(10))
        configuration.proxy = proxy?.configuration
        // No distributed tracing here: without a tracer, no span attributes are built per request.
        configuration.tracing.tracer = nil
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }

    static func client(for host: String) -> HTTPClient {
        if let proxied, let proxy, proxy.applies(to: host) { return proxied }
        return direct
    }

    /// One exchange, no retries: the response, or the error that stopped it.
    func exchange(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPTransport.client(for: request.url.host ?? "").execute(outgoing, deadline: .now() + TimeAmount(timeout))
        let body = try await response.body.collect(upTo: HTTPTransport.maximumBodyBytes)
        var headers: [String: String] = [:]
        for header in response.headers {
            if let existing = headers[header.name] {
                headers[header.name] = existing + ", " + header.value
            } else {
                headers[header.name] = header.value
            }
        }
        return HTTPResponse(status: Int(response.status.code), headers: headers, body: Data(buffer: body, byteTransferStrategy: .noCopy))
    }

    /// Sends `request`, retrying what is worth retrying within the lookup deadline.
    /// `label` names the call in logs (never a secret or a customer's data).
    public func send(_ request: HTTPRequest, label: String) async throws(BackendError) -> HTTPResponse {
        let clock = ContinuousClock()
        // The lookup's own deadline, or the turn's (all lookups of a turn share one) if sooner.
        var deadline = clock.now.advanced(by: policy.lookupDeadline)
        if let turn = LookupDeadline.current, turn < deadline { deadline = turn }
        var attempt = 0
        // What to report when the deadline ends the retries: the last thing that went wrong, so a
        // refused connection reads as unreachable, not as slow.
        var giveUp = BackendError.timedOut
        var lastAnswer: HTTPResponse?
        while true {
            attempt += 1
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else {
                if let lastAnswer { return lastAnswer }
                throw giveUp
            }
            let started = clock.now
            let outcome: Result<HTTPResponse, TransportFailure>
            do {
                outcome = .success(try await exchange(request, timeout: min(policy.requestTimeout, remaining)))
            } catch {
                if Task.isCancelled { throw .unreachable("the lookup was cancelled") }
                outcome = .failure(TransportFailure(error))
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
            case .failure(let failure):
                logger.debug(
                    "magento request failed",
                    metadata: ["call": "\(label)", "error": "\(failure.summary)", "attempt": "\(attempt)"])
                lastAnswer = nil
                switch failure {
                case .cancelled:
                    throw .unreachable("the lookup was cancelled")
                case .timedOut:
                    giveUp = .timedOut
                    guard attempt < policy.maximumAttempts, clock.now < deadline else { throw .timedOut }
                case .unreachable(let reason):
                    giveUp = .unreachable(reason)
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
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
