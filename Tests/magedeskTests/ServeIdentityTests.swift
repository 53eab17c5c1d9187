import Crypto
import Foundation
import MagentoWire
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Who a `serve` request may say the customer is, tried as an attacker and as a storefront would:
/// a real process, real HTTP, both endpoints.
@Suite(.serialized) struct ServeIdentityTests {
    static let secret = "storefront-identity-secret-0123456789abcdef"
    static let previous = "the-secret-before-the-rotation-0123456789abcdef"
    /// Jane's orders in the sample store (000000107 is Chloe's).
    static let janesOrders = ["000000101", "000000102", "000000105"]

    /// A started server; `host` other than loopback is reached through 127.0.0.1.
    static func start(_ arguments: [String], environment: [String: String] = [:]) async throws -> (RunningProcess, URL) {
        let process = try RunningProcess(["serve", "--port", "0"] + arguments, environment: environment)
        let lines = try await offPool { process.waitForLines(1) }
        let first = try #require(lines.first, "no base URL: \(process.standardError)")
        let port = try #require(first.split(separator: ":").last, "no port in \(first)")
        return (process, try #require(URL(string: "http://127.0.0.1:\(port)")))
    }

    static func stop(_ server: RunningProcess) async throws {
        server.signal(SIGTERM)
        #expect(try await offPool { server.waitForExit() } == 0)
    }

    /// One turn on either endpoint, with what the body says about the customer; the reply text.
    static func say(
        _ base: URL, _ text: String, conversation: String, rasa: Bool, customer: WireValue? = nil, metadata: WireValue? = nil
    ) async throws -> String {
        var body: [String: WireValue] = rasa ? ["sender": .string(conversation), "message": .string(text)] : ["conversation_id": .string(conversation), "text": .string(text)]
        if let customer { body["customer"] = customer }
        if let metadata { body["metadata"] = metadata }
        let json = JSON.serialize(.object(.init(uniqueKeysWithValues: body.sorted { $0.key < $1.key })))
        let (status, answer) = try await ServeProcessTests.request(base, "POST", rasa ? "/webhooks/rest/webhook" : "/v1/turn", body: json)
        try #require(status == 200, "\(status): \(answer)")
        let value = try JSON.parse(answer)
        return try #require(rasa ? value[0]["text"].string : value["reply"].string, "no reply in \(answer)")
    }

    /// The token carried as each endpoint carries it.
    static func carrying(_ token: String, rasa: Bool) -> (customer: WireValue?, metadata: WireValue?) {
        rasa ? (nil, ["customer_token": .string(token), "language": "en"]) : (["token": .string(token)], nil)
    }

    static func token(
        _ email: String = "jane.doe@example.com", secret: String = secret, issued: Int = Int(Date().timeIntervalSince1970) - 10,
        lifetime: Int? = 3600, header: WireValue = ["alg": "HS256", "typ": "JWT"]
    ) -> String {
        var claims: [(String, WireValue)] = [("email", .string(email)), ("name", "Jane Doe"), ("iat", .int(issued))]
        if let lifetime { claims.append(("exp", .int(issued + lifetime))) }
        return HS256JWT.sign(.object(.init(uniqueKeysWithValues: claims)), key: SymmetricKey(data: Data(secret.utf8)), header: header)
    }

    /// The server's stderr lines containing `text`, once `count` of them arrived (stderr is read
    /// as it comes, so a line may trail the HTTP answer a little) or after two seconds.
    static func logLines(of server: RunningProcess, containing text: String, atLeast count: Int) async throws -> [String] {
        try await offPool {
            let deadline = Date().addingTimeInterval(2)
            var lines: [String] = []
            repeat {
                lines = server.standardError.components(separatedBy: "\n").filter { $0.contains(text) }
                if lines.count >= count { break }
                usleep(10_000)
            } while Date() < deadline
            return lines
        }
    }

    static func mentionsAnyOrder(_ reply: String) -> Bool {
        (janesOrders + ["000000107", "000000106"]).contains { reply.contains($0) } || reply.contains("UPS") || reply.contains("$")
    }

    @Test(arguments: [false, true])
    func aForgedVerifiedClaimGetsNoAccountListAndNoOrderData(rasa: Bool) async throws {
        let audit = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: audit) }
        let (server, base) = try await Self.start(["--public", "--audit-log", audit])
        let forged: WireValue = ["email": "jane.doe@example.com", "name": "Jane Doe", "verified": true]
        let claims: (WireValue?, WireValue?) = rasa ? (nil, ["customer": forged]) : (forged, nil)
        // However the account question is put, no list comes back.
        for (index, question) in [
            "which orders do I have?", "show me my orders", "list all orders for jane.doe@example.com", "where is my order?",
            "what did I buy recently", "my order history please",
        ].enumerated() {
            let reply = try await Self.say(base, question, conversation: "forged-\(rasa)-\(index)", rasa: rasa, customer: claims.0, metadata: claims.1)
            #expect(!Self.mentionsAnyOrder(reply), "'\(question)' answered \(reply)")
        }
        // An order number alone is not proof, whatever the claims say: the email is asked for.
        let asked = try await Self.say(base, "where is order 000000101?", conversation: "forged-\(rasa)-n", rasa: rasa, customer: claims.0, metadata: claims.1)
        #expect(asked.contains("email"), "\(asked)")
        #expect(!asked.contains("UPS") && !asked.contains("shipped"), "\(asked)")
        let again = try await Self.say(base, "has it shipped yet", conversation: "forged-\(rasa)-n", rasa: rasa, customer: claims.0, metadata: claims.1)
        #expect(!again.contains("UPS"), "\(again)")
        // The visitor can still prove the order as in chat.
        let proven = try await Self.say(base, "jane.doe@example.com", conversation: "forged-\(rasa)-n", rasa: rasa, customer: claims.0, metadata: claims.1)
        #expect(proven.contains("UPS"), "\(proven)")
        try await Self.stop(server)
        let disclosures = (try? String(contentsOfFile: audit, encoding: .utf8)) ?? ""
        #expect(!disclosures.contains(#""disclosed":"account""#), "\(disclosures)")
        #expect(!disclosures.contains(#""verification":"helpdesk""#), "\(disclosures)")
        let warnings = server.standardError.components(separatedBy: "\n").filter { $0.contains("MAGEDESK_IDENTITY_SECRET") }
        #expect(warnings.count == 1, "one warning per process: \(server.standardError)")
    }

    @Test(arguments: [false, true])
    func aValidTokenListsThatCustomersOrdersAndShowsOnlyThose(rasa: Bool) async throws {
        let (server, base) = try await Self.start(["--public"], environment: ["MAGEDESK_IDENTITY_SECRET": Self.secret])
        let carried = Self.carrying(Self.token(), rasa: rasa)
        let list = try await Self.say(base, "which orders do I have?", conversation: "t-\(rasa)", rasa: rasa, customer: carried.customer, metadata: carried.metadata)
        for order in Self.janesOrders { #expect(list.contains(order), "\(list)") }
        #expect(!list.contains("000000107"))
        let shown = try await Self.say(base, "where is order 000000101?", conversation: "t-\(rasa)", rasa: rasa, customer: carried.customer, metadata: carried.metadata)
        #expect(shown.contains("UPS 1Z999AA10123456784"), "\(shown)")
        let others = try await Self.say(base, "where is order 000000107?", conversation: "t-\(rasa)", rasa: rasa, customer: carried.customer, metadata: carried.metadata)
        #expect(others.contains("on your account") && !others.contains("Trail"), "\(others)")
        // Claims beside a token are ignored: the token's email decides.
        let chloe = Self.carrying(Self.token("chloe.zhang@example.com"), rasa: rasa)
        var customer = chloe.customer
        var metadata = chloe.metadata
        if rasa {
            metadata = .object(metadata!.members.merging(["customer": ["email": "jane.doe@example.com", "verified": true]]) { $1 })
        } else {
            customer = .object(customer!.members.merging(["email": "jane.doe@example.com", "verified": true]) { $1 })
        }
        let chloes = try await Self.say(base, "show me my orders", conversation: "c-\(rasa)", rasa: rasa, customer: customer, metadata: metadata)
        #expect(chloes.contains("000000107") && chloes.contains("000000106"), "\(chloes)")
        #expect(!Self.janesOrders.contains { chloes.contains($0) }, "\(chloes)")
        // Logged out on the same chat: what the token proved is gone with it.
        let loggedOut = try await Self.say(base, "where is order 000000101?", conversation: "t-\(rasa)", rasa: rasa)
        #expect(!loggedOut.contains("UPS"), "\(loggedOut)")
        try await Self.stop(server)
    }

    @Test(arguments: [false, true])
    func badTokensAreTreatedAsAnonymous(rasa: Bool) async throws {
        let (server, base) = try await Self.start(["--public"], environment: ["MAGEDESK_IDENTITY_SECRET": Self.secret])
        let now = Int(Date().timeIntervalSince1970)
        let good = Self.token().split(separator: ".").map(String.init)
        let chloeClaims = Base64URL.encode(Data(JSON.serialize(["email": "chloe.zhang@example.com", "iat": .int(now), "exp": .int(now + 600)]).utf8))
        let unsignedHeader = Base64URL.encode(Data(#"{"alg":"none","typ":"JWT"}"#.utf8))
        let hs512Input = Base64URL.encode(Data(#"{"alg":"HS512","typ":"JWT"}"#.utf8)) + "." + good[1]
        let hs512 = hs512Input + "." + Base64URL.encode(Data(HMAC<SHA512>.authenticationCode(for: Data(hs512Input.utf8), using: SymmetricKey(data: Data(Self.secret.utf8)))))
        let bad: [(String, String, String)] = [
            ("expired", Self.token(issued: now - 7200, lifetime: 3600), "expired"),
            ("another secret", Self.token(secret: "somebody-elses-secret-0123456789abcdef"), "signature"),
            ("tampered", [good[0], chloeClaims, good[2]].joined(separator: "."), "signature"),
            ("alg none", [unsignedHeader, good[1], ""].joined(separator: "."), "'none'"),
            ("HS512", hs512, "'HS512'"),
            ("no exp", Self.token(lifetime: nil), "'exp'"),
            ("longer than a day", Self.token(lifetime: 86400 * 2), "24 h"),
            ("not yet issued", Self.token(issued: now + 3600), "future"),
        ]
        for (index, (name, token, reason)) in bad.enumerated() {
            let carried = Self.carrying(token, rasa: rasa)
            let reply = try await Self.say(base, "which orders do I have?", conversation: "b-\(rasa)-\(index)", rasa: rasa, customer: carried.customer, metadata: carried.metadata)
            #expect(!Self.mentionsAnyOrder(reply), "\(name): \(reply)")
            let order = try await Self.say(base, "where is order 000000107?", conversation: "b-\(rasa)-\(index)", rasa: rasa, customer: carried.customer, metadata: carried.metadata)
            #expect(order.contains("email") && !order.contains("Trail"), "\(name): \(order)")
            let logged = try await Self.logLines(of: server, containing: "identity token refused", atLeast: 2 * (index + 1))
            #expect(logged.count == 2 * (index + 1), "\(name): one line per request")
            #expect(logged.last?.contains(reason) == true, "\(name): \(logged.last ?? "no log line")")
        }
        try await Self.stop(server)
        for (_, token, _) in bad { #expect(!server.standardError.contains(token.split(separator: ".").last.map(String.init) ?? token)) }
    }

    @Test func thePreviousSecretWorksDuringARotation() async throws {
        let environment = ["MAGEDESK_IDENTITY_SECRET": Self.secret, "MAGEDESK_IDENTITY_SECRET_PREVIOUS": Self.previous]
        let (server, base) = try await Self.start(["--public"], environment: environment)
        for (name, secret) in [("new", Self.secret), ("previous", Self.previous)] {
            let reply = try await Self.say(base, "show me my orders", conversation: "r-\(name)", rasa: false, customer: ["token": .string(Self.token(secret: secret))])
            #expect(reply.contains("000000101"), "\(name): \(reply)")
        }
        try await Self.stop(server)
        // After the rotation, only the new secret.
        let (rotated, url) = try await Self.start(["--public"], environment: ["MAGEDESK_IDENTITY_SECRET": Self.secret])
        let refused = try await Self.say(url, "show me my orders", conversation: "r-old", rasa: false, customer: ["token": .string(Self.token(secret: Self.previous))])
        #expect(!refused.contains("000000101"), "\(refused)")
        try await Self.stop(rotated)
    }

    @Test func aTrustedCallerMayStillVouch() async throws {
        let (server, base) = try await Self.start([])
        for rasa in [false, true] {
            let vouched: WireValue = ["email": "jane.doe@example.com", "verified": true]
            let reply = try await Self.say(
                base, "which orders do I have?", conversation: "h-\(rasa)", rasa: rasa, customer: rasa ? nil : vouched, metadata: rasa ? ["customer": vouched] : nil)
            for order in Self.janesOrders { #expect(reply.contains(order), "\(reply)") }
        }
        try await Self.stop(server)
        #expect(!server.standardError.contains("MAGEDESK_IDENTITY_SECRET"))
    }

    @Test func aTrustedServeOffLoopbackStartsOnlyWithALongToken() async throws {
        let refused = try RunningProcess(["serve", "--port", "0", "--host", "0.0.0.0"])
        #expect(try await offPool { refused.waitForExit() } != 0)
        #expect(refused.lines.isEmpty)
        #expect(refused.standardError.contains("MAGEDESK_API_TOKEN") && refused.standardError.contains("--public"), "\(refused.standardError)")
        let short = try RunningProcess(["serve", "--port", "0", "--host", "0.0.0.0"], environment: ["MAGEDESK_API_TOKEN": "change-me"])
        #expect(try await offPool { short.waitForExit() } != 0)
        #expect(short.standardError.contains("at least 32"), "\(short.standardError)")

        let token = String(repeating: "0123456789abcdef", count: 2)
        let (server, base) = try await Self.start(["--host", "0.0.0.0"], environment: ["MAGEDESK_API_TOKEN": token])
        #expect(try await ServeProcessTests.request(base, "POST", "/v1/turn", body: #"{"conversation_id":"a","text":"hi"}"#).0 == 401)
        #expect(try await ServeProcessTests.request(base, "POST", "/v1/turn", body: #"{"conversation_id":"a","text":"hi"}"#, token: token).0 == 200)
        try await Self.stop(server)
        // Public needs no token: it believes no caller.
        let (open, _) = try await Self.start(["--host", "0.0.0.0", "--public"])
        try await Self.stop(open)
    }

    @Test func aShortIdentitySecretIsRefusedAtStart() async throws {
        let process = try RunningProcess(["serve", "--port", "0", "--public"], environment: ["MAGEDESK_IDENTITY_SECRET": "short"])
        #expect(try await offPool { process.waitForExit() } != 0)
        #expect(process.standardError.contains("MAGEDESK_IDENTITY_SECRET is 5 bytes"), "\(process.standardError)")
    }

    /// The README's Python example signs the token (so the format is not only self-consistent),
    /// and a logged-in customer holds a whole conversation through the Rasa webhook.
    @Test func aWholePublicConversationWithATokenFromTheREADMEsPythonExample() async throws {
        let readme = try String(contentsOf: FilterProcessTests.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Chat widgets on the storefront").dropFirst().first)
        let python = try #require(section.components(separatedBy: "```python\n").dropFirst().first?.components(separatedBy: "```").first)
        let signer = Process()
        signer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        signer.arguments = ["python3", "-c", python + "\nprint(magedesk_identity_token('jane.doe@example.com', 'Jane Doe'))"]
        signer.environment = ["MAGEDESK_IDENTITY_SECRET": Self.secret, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"]
        let output = Pipe()
        signer.standardOutput = output
        try signer.run()
        signer.waitUntilExit()
        #expect(signer.terminationStatus == 0)
        let token = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.split(separator: ".").count == 3, "\(token)")

        let (server, base) = try await Self.start(["--public"], environment: ["MAGEDESK_IDENTITY_SECRET": Self.secret])
        let carried = Self.carrying(token, rasa: true)
        func say(_ text: String) async throws -> String {
            try await Self.say(base, text, conversation: "widget-1", rasa: true, customer: carried.customer, metadata: carried.metadata)
        }
        #expect(try await say("hi there").isEmpty == false)
        let choice = try await say("where is my order?")
        for order in Self.janesOrders { #expect(choice.contains(order), "\(choice)") }
        let status = try await say("the second one")
        #expect(status.contains("000000101") && status.contains("UPS 1Z999AA10123456784"), "\(status)")
        let details = try await say("and what did I order?")
        #expect(details.contains("Blue Mug"), "\(details)")
        let someoneElses = try await say("where is order 000000106?")
        #expect(someoneElses.contains("on your account"), "\(someoneElses)")
        #expect(try await say("thanks!").isEmpty == false)
        try await Self.stop(server)
        #expect(!server.standardError.contains("identity token refused"), "\(server.standardError)")
    }
}
