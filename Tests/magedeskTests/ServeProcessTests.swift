import Foundation
import MagentoWire
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `magedesk serve` as a chat widget or helpdesk calls it: a real process on a free port.
@Suite(.serialized) struct ServeProcessTests {
    /// A started server and its base URL (the first stdout line).
    static func start(_ arguments: [String] = [], environment: [String: String] = [:]) async throws -> (RunningProcess, URL) {
        let process = try RunningProcess(["serve", "--port", "0"] + arguments, environment: environment)
        let lines = try await offPool { process.waitForLines(1) }
        let first = try #require(lines.first, "no base URL: \(process.standardError)")
        #expect(first.hasPrefix("magedesk listening on http://127.0.0.1:"))
        return (process, try #require(URL(string: String(first.split(separator: " ").last!))))
    }

    static func request(
        _ base: URL, _ method: String, _ path: String, body: String? = nil, token: String? = nil
    ) async throws -> (Int, String) {
        var request = URLRequest(url: base.appendingPathComponent(path))
        request.httpMethod = method
        if let body { request.httpBody = Data(body.utf8) }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test func rasaWebhookTurnHealthMetricsAndGracefulStop() async throws {
        let (server, base) = try await Self.start()
        let health = try await Self.request(base, "GET", "/health")
        #expect(health.0 == 200)
        #expect(try JSON.parse(health.1)["status"].string == "ok")

        // The Rasa REST channel's shape, so existing widgets work.
        let asked = try await Self.request(base, "POST", "/webhooks/rest/webhook", body: #"{"sender":"w-1","message":"where is order 000000101?"}"#)
        #expect(asked.0 == 200)
        let reply = try JSON.parse(asked.1)
        #expect(reply[0]["recipient_id"].string == "w-1")
        #expect(reply[0]["text"].string?.contains("email") == true)
        let answered = try await Self.request(base, "POST", "/webhooks/rest/webhook", body: #"{"sender":"w-1","message":"jane.doe@example.com"}"#)
        #expect(try JSON.parse(answered.1)[0]["text"].string?.contains("UPS") == true)

        // /v1/turn speaks the filter contract, conversation state included.
        let turn = try await Self.request(base, "POST", "/v1/turn", body: #"{"conversation_id":"w-1","text":"what did I order?"}"#)
        #expect(turn.0 == 200)
        let value = try JSON.parse(turn.1)
        #expect(value["version"].int == 1)
        #expect(value["verified"].bool == true)
        #expect(value["intent"]["name"].string == "order_details")
        #expect(value["lookups"].elements.isEmpty == false)

        let bad = try await Self.request(base, "POST", "/v1/turn", body: #"{"conversation_id":"w-2"}"#)
        #expect(bad.0 == 400)
        #expect(try JSON.parse(bad.1)["error"]["code"].string == "missing_field")
        let notJSON = try await Self.request(base, "POST", "/v1/turn", body: "hello")
        #expect(notJSON.0 == 400)
        #expect(try JSON.parse(notJSON.1)["error"]["code"].string == "invalid_json")

        _ = try await Self.request(base, "POST", "/v1/turn", body: #"{"conversation_id":"w-3","text":"I want to talk to a real person"}"#)
        let metrics = try await Self.request(base, "GET", "/metrics")
        #expect(metrics.0 == 200)
        #expect(metrics.1.contains(#"magedesk_turns_total{intent="order_status"} 2"#))
        #expect(metrics.1.contains(#"magedesk_handoffs_total{reason="customer_request"} 1"#))
        #expect(metrics.1.contains("magedesk_lookup_duration_seconds_bucket"))
        #expect(metrics.1.contains("magedesk_verification_failures_total 0"))
        #expect(metrics.1.contains("magedesk_lockouts_total 0"))

        server.signal(SIGTERM)
        #expect(try await offPool { server.waitForExit() } == 0)
    }

    @Test func aBearerTokenGuardsEverythingButHealth() async throws {
        let (server, base) = try await Self.start(environment: ["MAGEDESK_API_TOKEN": "s3cret-token"])
        #expect(try await Self.request(base, "GET", "/health").0 == 200)
        #expect(try await Self.request(base, "POST", "/v1/turn", body: #"{"conversation_id":"a","text":"hi"}"#).0 == 401)
        #expect(try await Self.request(base, "POST", "/v1/turn", body: #"{"conversation_id":"a","text":"hi"}"#, token: "wrong").0 == 401)
        #expect(try await Self.request(base, "GET", "/metrics").0 == 401)
        #expect(try await Self.request(base, "POST", "/v1/turn", body: #"{"conversation_id":"a","text":"hi"}"#, token: "s3cret-token").0 == 200)
        server.signal(SIGTERM)
        #expect(try await offPool { server.waitForExit() } == 0)
    }

    @Test func publicRepliesCarryOnlyTextAndTheHandoffFlag() async throws {
        let (server, base) = try await Self.start(["--public", "--max-body-bytes", "2048"])
        _ = try await Self.request(base, "POST", "/v1/turn", body: #"{"conversation_id":"p","text":"where is order 000000101?"}"#)
        let answer = try await Self.request(base, "POST", "/v1/turn", body: #"{"conversation_id":"p","text":"jane.doe@example.com"}"#)
        let value = try JSON.parse(answer.1)
        #expect(value["reply"].string?.contains("UPS") == true)
        #expect(value["handoff"].bool == false)
        for hidden in ["slots", "lookups", "intent", "verified", "awaiting"] { #expect(value[hidden].isNull, "\(hidden) is not public") }
        #expect(!answer.1.contains("jane.doe"))
        let handoff = try await Self.request(base, "POST", "/webhooks/rest/webhook", body: #"{"sender":"q","message":"agent"}"#)
        let rasa = try JSON.parse(handoff.1)
        #expect(rasa[0]["custom"]["handoff"].bool == true)
        let tooBig = try await Self.request(base, "POST", "/v1/turn", body: #"{"conversation_id":"p","text":""# + String(repeating: "x", count: 4096) + #""}"#)
        #expect(tooBig.0 == 413)
        server.signal(SIGINT)
        #expect(try await offPool { server.waitForExit() } == 0)
    }
}
