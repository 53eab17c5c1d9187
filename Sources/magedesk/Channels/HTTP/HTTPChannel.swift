import Assistant
import Foundation
import HTTPTypes
import Hummingbird
import MagentoWire

/// The HTTP face of the engine (`magedesk serve`): the Rasa REST channel's webhook, so existing
/// Rasa chat widgets work unchanged, the filter's JSON contract at /v1/turn, /health and /metrics.
///
/// With `isPublic` (endpoints customers reach directly) a reply carries only its text and whether
/// a person takes over: never slots, lookups or the handoff's details.
struct HTTPChannel: Sendable {
    let engine: ConversationEngine
    let reporting: TurnReporting
    let metrics: TurnMetrics
    /// MAGEDESK_API_TOKEN: when set, every endpoint but /health wants `Authorization: Bearer <token>`.
    let apiToken: String?
    let maxBodyBytes: Int
    let isPublic: Bool
    /// Who a request's customer is believed to be (public: only a signed identity token counts).
    let identity: CallerIdentity

    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.get("/health") { [engine] _, _ in await HealthCheck(engine: engine).response() }
        let guarded = router.group().add(middleware: BearerTokenMiddleware(token: apiToken))
        guarded.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
        guarded.post("/v1/turn") { request, _ in try await turn(request) }
        guarded.post("/webhooks/rest/webhook") { request, _ in try await rasaWebhook(request) }
        return router
    }

    /// POST /v1/turn: one filter-contract object in, its answer out (400 with the error object when
    /// the body cannot become a turn).
    func turn(_ request: Request) async throws -> Response {
        try await handle(request) { result in
            guard isPublic else { return FilterContract.encode(result) }
            return [
                "version": .int(FilterContract.version), "conversation_id": .string(result.conversationID),
                "reply": .string(result.reply), "handoff": .bool(result.handoff != nil),
            ]
        }
    }

    /// POST /webhooks/rest/webhook: Rasa's REST channel, {"sender","message"} → [{"recipient_id","text"}].
    func rasaWebhook(_ request: Request) async throws -> Response {
        try await handle(request) { result in
            var answer: [(String, WireValue)] = [("recipient_id", .string(result.conversationID)), ("text", .string(result.reply))]
            if result.handoff != nil {
                answer.append(("custom", ["handoff": isPublic ? .bool(true) : FilterContract.encode(result)["handoff"]]))
            }
            return .array([.object(.init(uniqueKeysWithValues: answer))])
        }
    }

    /// The body as a filter-contract input (both endpoints accept either shape), its customer as
    /// `identity` allows, the turn, its reporting, and the answer `render` makes of it.
    func handle(_ request: Request, render: (TurnResult) -> WireValue) async throws -> Response {
        switch FilterContract.decodeRequest(try await body(of: request)) {
        case .failure(let error):
            return Self.json(FilterContract.encode(error, line: nil), status: .badRequest)
        case .success(let decoded):
            var input = decoded.input
            input.customer = identity.customer(of: decoded)
            let result = await engine.handle(input)
            await reporting.record(input, result)
            return Self.json(render(result))
        }
    }

    func body(of request: Request) async throws -> [UInt8] {
        var request = request
        let buffer = try await request.collectBody(upTo: maxBodyBytes)
        return Array(buffer.readableBytesView)
    }

    static func json(_ value: WireValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: JSON.serialize(value))))
    }
}

/// Refuses requests without the configured bearer token (compared in constant time).
struct BearerTokenMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let token: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token else { return try await next(request, context) }
        let header = request.headers[.authorization] ?? ""
        let given = header.hasPrefix("Bearer ") ? String(header.dropFirst("Bearer ".count)) : ""
        guard Self.constantTimeEqual(Array(given.utf8), Array(token.utf8)) else {
            var response = HTTPChannel.json(["error": "missing or wrong bearer token"], status: .unauthorized)
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        return try await next(request, context)
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
