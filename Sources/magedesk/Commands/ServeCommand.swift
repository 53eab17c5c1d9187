import ArgumentParser
import Assistant
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// `magedesk serve`: the engine over HTTP (Rasa REST webhook, /v1/turn, /health, /metrics).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer over HTTP: a Rasa-compatible webhook, the filter's JSON contract, /health and /metrics.",
        discussion: """
            POST /webhooks/rest/webhook  {"sender":"c-1","message":"where is my order?"} -> [{"recipient_id":"c-1","text":"…"}]
            POST /v1/turn                the filter contract (one object in, one out)
            GET  /health, GET /metrics   (Prometheus text)
            The first stdout line names the base URL. Set MAGEDESK_API_TOKEN to require `Authorization: Bearer <token>`;
            without --public, a --host other than loopback requires it (at least 32 bytes).
            With --public, a caller's claims about the customer are ignored; a turn is vouched only by an identity
            token (customer.token, Rasa metadata.customer_token) signed with MAGEDESK_IDENTITY_SECRET.
            """)

    @OptionGroup var options: GlobalOptions
    @OptionGroup var channel: ChannelOptions

    @Option(help: "Port to listen on; 0 takes a free port.")
    var port: Int = 8080

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Largest accepted request body in bytes (413 beyond).")
    var maxBodyBytes: Int = 64 * 1024

    @Flag(help: "For endpoints customers reach directly: replies carry only the text and the handoff flag, and customer claims are ignored.")
    var `public` = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard maxBodyBytes >= 1 else { throw ValidationError("--max-body-bytes must be at least 1") }
    }

    func run() async throws {
        options.bootstrapLogging()
        let termination = TerminationSignals()
        let metrics = TurnMetrics()
        let access: ServeAccess
        do {
            access = try ServeAccess(host: host, isPublic: `public`, settings: options.settings())
        } catch {
            throw StartupFailure(error)
        }
        let (runtime, reporting) = try await channel.start(options, metrics: metrics)
        let logger = LogSetup.logger("magedesk.http")
        let identity = CallerIdentity(isPublic: `public`, tokens: access.identityTokens, logger: logger)
        let http = HTTPChannel(
            engine: runtime.engine, reporting: reporting, metrics: metrics, apiToken: access.apiToken, maxBodyBytes: maxBodyBytes,
            isPublic: `public`, identity: identity)
        let (portStream, portContinuation) = AsyncStream<Int?>.makeStream()
        let application = Application(
            router: http.router(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "magedesk"),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port)
                portContinuation.finish()
            },
            logger: logger)
        let group = ServiceGroup(services: [application], gracefulShutdownSignals: [], logger: logger)
        let server = Task { try await group.run() }
        var boundPort: Int?
        for await value in portStream {
            boundPort = value
            break
        }
        guard let boundPort else {
            server.cancel()
            await runtime.shutdown()
            throw StartupFailure(ServeError.couldNotListen(host: host, port: port))
        }
        StandardOutput.writeLine("magedesk listening on http://\(host):\(boundPort)")
        if runtime.isDemo { FileHandle.standardError.write(Data((AssistantRuntime.demoBanner + "\n").utf8)) }
        // SIGTERM/SIGINT: stop accepting, finish the requests in flight, then close the store.
        await termination.wait()
        await group.triggerGracefulShutdown()
        _ = try? await server.value
        await reporting.finish()
        await runtime.shutdown()
    }
}

enum ServeError: Error, CustomStringConvertible {
    case couldNotListen(host: String, port: Int)
    var description: String {
        switch self {
        case .couldNotListen(let host, let port): return "cannot listen on \(host):\(port); is the port already in use?"
        }
    }
}
