public import Foundation
import HTTPTypes
import Hummingbird
public import Logging
public import MagentoWire
import NIOCore
import ServiceLifecycle
import Synchronization

/// A loopback Magento store — Magento 2 REST and Magento 1 XML-RPC on one port — serving one
/// fixture, for tests, the demo and benchmarks.
///
/// The real clients talk to it over real HTTP, so what passes here exercises the same code a
/// merchant's store will. It records every request (to prove the clients only read) and can
/// misbehave on demand (`fault`).
///
/// ```swift
/// let simulator = MagentoSimulator(fixture: try .sampleStore())
/// let root = try await simulator.start()          // e.g. http://127.0.0.1:43117
/// defer { Task { await simulator.stop() } }
/// ```
public final class MagentoSimulator: Sendable {
    public let fixture: Fixture
    private let magento2: Magento2Face
    private let magento1: Magento1Face
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var faults: [FaultInjection] = []
        var latency: Duration = .zero
        var stopping = false
        var soapStyle: SOAPStyle = .rpcEncoded
        var requestCount = 0
        var inFlight = 0
        var peakInFlight = 0
        var recorded: [RecordedRequest] = []
        var serverTask: Task<Void, any Error>?
        var serviceGroup: ServiceGroup?
    }

    /// `now` is the store's clock (OAuth timestamps, admin token expiry, lockouts).
    public init(
        fixture: Fixture, magento1SessionTimeout: Duration = .seconds(3600), logger: Logger? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.fixture = fixture
        self.magento2 = Magento2Face(fixture: fixture, auth: Magento2Auth(fixture: fixture, now: now))
        self.magento1 = Magento1Face(fixture: fixture, sessionTimeout: magento1SessionTimeout)
        var fallback = Logger(label: "magedesk.simulator")
        fallback.logLevel = .warning
        self.logger = logger ?? fallback
    }

    /// How the store misbehaves on every request from now on; nil behaves.
    public var fault: SimulatorFault? {
        get { state.withLock { $0.faults.first { $0.route == nil }?.fault } }
        set { state.withLock { $0.faults = newValue.map { [FaultInjection($0)] } ?? [] } }
    }

    /// Faults per route (`FaultInjection(.serverError, route: "/V1/shipments")`); the first that
    /// applies to a request is used. Replaces what `fault` set.
    public var faults: [FaultInjection] {
        get { state.withLock { $0.faults } }
        set { state.withLock { $0.faults = newValue } }
    }

    /// How `/api/v2_soap/` speaks: rpc/encoded (Magento's default) or WS-I document/literal, as
    /// *System > Configuration > Services > Magento Core API > WS-I Compliance* sets it.
    public var magento1SOAPStyle: SOAPStyle {
        get { state.withLock { $0.soapStyle } }
        set { state.withLock { $0.soapStyle = newValue } }
    }

    /// Added to every answer, on top of any fault.
    public var latency: Duration {
        get { state.withLock { $0.latency } }
        set { state.withLock { $0.latency = newValue } }
    }

    /// The most requests this store was answering at one moment (how parallel its client was).
    public var peakConcurrentRequests: Int { state.withLock { $0.peakInFlight } }

    /// Revokes every Magento 2 admin token issued so far (System > Permissions > Locked Users /
    /// token revocation): the next request with one gets 401.
    public func revokeAdminTokens() { magento2.auth.revokeAdminTokens() }

    /// Expires every Magento 1 API session now, as `magento1SessionTimeout` of inactivity would.
    public func expireMagento1Sessions() { magento1.expireSessions() }

    /// Every request answered so far, oldest first.
    public var recordedRequests: [RecordedRequest] { state.withLock { $0.recorded } }

    public func clearRecordedRequests() { state.withLock { $0.recorded.removeAll() } }

    /// Starts listening and returns the store root URL (what MAGENTO_BASE_URL takes).
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> URL {
        let (portStream, portContinuation) = AsyncStream<Int?>.makeStream()
        let responder = CallbackResponder<SimulatorRequestContext> { [self] request, context in
            try await self.handle(request, context: context)
        }
        let application = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "magedesk-simulator"),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port)
                portContinuation.finish()
            },
            logger: logger
        )
        let group = ServiceGroup(services: [application], gracefulShutdownSignals: [], logger: logger)
        let task = Task { try await group.run() }
        state.withLock {
            $0.stopping = false
            $0.serverTask = task
            $0.serviceGroup = group
        }
        var boundPort: Int?
        for await value in portStream {
            boundPort = value
            break
        }
        guard let boundPort else {
            task.cancel()
            throw SimulatorError.couldNotListen(host: host, port: port)
        }
        return URL(string: "http://\(host):\(boundPort)")!
    }

    /// Stops listening; safe to call twice.
    public func stop() async {
        let (task, group) = state.withLock { state -> (Task<Void, any Error>?, ServiceGroup?) in
            defer {
                state.serverTask = nil
                state.serviceGroup = nil
            }
            state.stopping = true
            return (state.serverTask, state.serviceGroup)
        }
        await group?.triggerGracefulShutdown()
        _ = try? await task?.value
    }

    // MARK: Dispatch

    private func handle(_ request: Request, context: SimulatorRequestContext) async throws -> Response {
        state.withLock {
            $0.inFlight += 1
            $0.peakInFlight = max($0.peakInFlight, $0.inFlight)
        }
        defer { state.withLock { $0.inFlight -= 1 } }
        var request = request
        let path = request.uri.path
        let body = try await request.collectBody(upTo: 4 << 20)
        var simulated: SimulatedResponse
        let operation: String
        let soapPath = path.hasPrefix("/api/v2_soap") || path.hasPrefix("/index.php/api/v2_soap")
        let soapV1Path = path.hasPrefix("/api/soap") || path.hasPrefix("/index.php/api/soap")
        if (soapPath || soapV1Path), request.method == .get {
            operation = "wsdl"
            record(.magento1, request.method.rawValue, operation)
            simulated = Self.wsdl(resource: soapV1Path ? "magento1-wsdl-v1" : nil, style: magento1SOAPStyle, query: request.uri.query ?? "")
        } else if soapV1Path {
            do {
                let call = try SOAP.parseCall(Data(buffer: body))
                let call1 = call.operation == "call" ? " \(call.parameters["resourcePath"]?.string ?? "")" : ""
                operation = "soap1 \(call.operation)\(call1)"
                record(.magento1, request.method.rawValue, operation)
                simulated = magento1.respond(toSOAPv1: call)
            } catch {
                operation = "soap1 unreadable"
                record(.magento1, request.method.rawValue, operation)
                simulated = .xml(SOAP.encodeFault(code: "SOAP-ENV:Client", message: "Bad Request"))
            }
        } else if soapPath {
            do {
                let call = try SOAP.parseCall(Data(buffer: body))
                operation = "soap \(call.operation)"
                record(.magento1, request.method.rawValue, operation)
                simulated = magento1.respond(toSOAP: call, style: magento1SOAPStyle)
            } catch {
                operation = "soap unreadable"
                record(.magento1, request.method.rawValue, operation)
                simulated = .xml(SOAP.encodeFault(code: "SOAP-ENV:Client", message: "Bad Request"))
            }
        } else if path.hasPrefix("/api/xmlrpc") || path.hasPrefix("/index.php/api/xmlrpc") {
            let call: XMLRPCCall
            do {
                call = try XMLRPC.parseCall(Data(buffer: body))
                operation = Magento1Face.operation(of: call)
                record(.magento1, request.method.rawValue, operation)
                simulated = magento1.respond(to: call)
            } catch {
                operation = "unreadable"
                record(.magento1, request.method.rawValue, operation)
                simulated = .xml(XMLRPC.encodeFault(code: 630, message: "Unable to read request"))
            }
        } else {
            operation = path
            record(.magento2, request.method.rawValue, path)
            simulated = magento2.respond(
                method: request.method.rawValue, path: path, host: request.head.authority ?? "127.0.0.1",
                query: Substring(request.uri.query ?? ""), authorization: request.headers[.authorization], accept: request.headers[.accept],
                body: (try? JSON.parse(Data(buffer: body))) ?? .null)
        }
        let (fault, latency) = state.withLock { state -> (SimulatorFault?, Duration) in
            state.requestCount += 1
            let fault = state.faults.first { $0.applies(to: operation) }?.fault
            // 429 refuses every other request, so a client that honours Retry-After gets through.
            if fault == .tooManyRequests { return (state.requestCount % 2 == 1 ? fault : nil, state.latency) }
            return (fault, state.latency)
        }
        if latency > .zero { try await Task.sleep(for: latency) }
        switch fault {
        case .drop:
            context.channel.close(promise: nil)
            throw CancellationError()
        case .timeout:
            // Say nothing for 30 s (the client should give up long before), or until the store stops.
            let clock = ContinuousClock()
            let giveUp = clock.now.advanced(by: .seconds(30))
            while clock.now < giveUp, !state.withLock(\.stopping) {
                try await Task.sleep(for: .milliseconds(20))
            }
            context.channel.close(promise: nil)
            throw CancellationError()
        default: break
        }
        if let fault { simulated = try await apply(fault, to: simulated, magento1: path.contains("/api/")) }
        var headers = HTTPFields()
        headers[.contentType] = simulated.contentType
        headers[.cacheControl] = "no-store"
        for (name, value) in simulated.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(
            status: .init(code: simulated.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: simulated.body)))
    }

    /// The real store's WSDL for the style (magento1-captures); its advertised address is the
    /// capture store's, which a client must ignore. Without `wsdl` in the query, PHP's SoapServer
    /// answers a GET with a fault.
    static func wsdl(resource: String?, style: SOAPStyle, query: String) -> SimulatedResponse {
        guard query.contains("wsdl") else { return .xml(SOAP.encodeFault(code: "SOAP-ENV:Server", message: "Bad Request")) }
        let name = resource ?? (style == .rpcEncoded ? "magento1-wsdl-rpc-encoded" : "magento1-wsdl-wsi")
        guard let text = EmbeddedResources.text(named: name + ".xml") else {
            return .htmlError(500, title: "WSDL missing from this build")
        }
        return .xml(text)
    }

    private func apply(_ fault: SimulatorFault, to response: SimulatedResponse, magento1: Bool) async throws -> SimulatedResponse {
        switch fault {
        case .slow:
            try await Task.sleep(for: .milliseconds(300))
            return response
        case .timeout, .drop:
            return response
        case .soapBootstrap:
            guard response.body.contains("SOAP-ENV:Envelope") else { return response }
            return SimulatedResponse.xml(
                SOAP.encodeFault(
                    code: "WSDL",
                    message: "SOAP-ERROR: Parsing Schema: can't import schema from 'http://schemas.xmlsoap.org/soap/encoding/'"),
                status: 500)
        case .tooManyRequests:
            var refused = SimulatedResponse.json(429, #"{"message":"Too many requests"}"#)
            refused.headers = [("Retry-After", "0")]
            return refused
        case .serverError:
            return magento1
                ? .htmlError(500, title: "Internal Server Error")
                : .json(500, #"{"message":"Internal Error. Details are available in Magento log file. Report ID: webapi-6543210"}"#)
        case .maintenance:
            return .htmlError(503, title: "Service Temporarily Unavailable")
        case .malformed:
            var cut = response
            cut.body = String(response.body.prefix(max(1, response.body.count / 2)))
            return cut
        }
    }

    private func record(_ face: RecordedRequest.Face, _ method: String, _ operation: String) {
        state.withLock { $0.recorded.append(RecordedRequest(face: face, method: method, operation: operation)) }
    }
}

public enum SimulatorError: Error, CustomStringConvertible {
    case couldNotListen(host: String, port: Int)
    public var description: String {
        switch self {
        case .couldNotListen(let host, let port):
            return "the simulator could not listen on \(host):\(port); is the port already in use?"
        }
    }
}

/// The request context, keeping the channel so that a `drop` fault can close it unanswered.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
