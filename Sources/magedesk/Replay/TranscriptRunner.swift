import Assistant
import Foundation
import Logging
import MagentoClient
import MagentoModel
import MagentoSimulator
import MagentoWire

/// Replays transcripts against the simulator through the real clients, once per Magento version
/// a conversation asks for, and reports every turn that did not go as written.
final class TranscriptRunner {
    struct Failure: CustomStringConvertible {
        var location: String
        var version: MagentoVersion?
        var expected: String
        var got: String

        var description: String {
            "FAIL \(location)\(version.map { " [\($0 == .magento1 ? "magento1" : "magento2")]" } ?? "")\n  expected: \(expected)\n  got:      \(got)"
        }
    }

    struct Summary {
        var passed = 0
        var failed = 0
        var failures: [Failure] = []
    }

    let catalog: IntentCatalog
    let logger: Logger
    private var simulators: [String: MagentoSimulator] = [:]
    private var roots: [String: URL] = [:]

    init(catalog: IntentCatalog, logger: Logger) {
        self.catalog = catalog
        self.logger = logger
    }

    /// `.txt` files under each path (directories recursively, sorted).
    static func transcriptFiles(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        let fileManager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationFailure("no such file or directory: \(path)")
            }
            if isDirectory.boolValue {
                let enumerator = fileManager.enumerator(atPath: path)
                var found: [String] = []
                while let entry = enumerator?.nextObject() as? String {
                    if entry.hasSuffix(".txt") { found.append((path as NSString).appendingPathComponent(entry)) }
                }
                files += found.sorted()
            } else {
                files.append(path)
            }
        }
        return files
    }

    func run(files: [String]) async -> Summary {
        var summary = Summary()
        for file in files {
            let transcript: Transcript
            do {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                transcript = try TranscriptParser.parse(text, path: file)
            } catch let error as TranscriptSyntaxError {
                summary.failed += 1
                summary.failures.append(Failure(location: "\(error.path):\(error.line)", version: nil, expected: "a valid transcript", got: error.message))
                continue
            } catch {
                summary.failed += 1
                summary.failures.append(Failure(location: file, version: nil, expected: "a readable file", got: "\(error)"))
                continue
            }
            for conversation in transcript.conversations {
                for version in conversation.directives.backends {
                    let failures = await run(conversation, in: transcript, version: version)
                    if failures.isEmpty {
                        summary.passed += 1
                    } else {
                        summary.failed += 1
                        summary.failures += failures
                    }
                }
            }
        }
        return summary
    }

    func shutdown() async {
        for simulator in simulators.values { await simulator.stop() }
        simulators.removeAll()
    }

    // MARK: One conversation on one version

    private func run(_ conversation: Transcript.Conversation, in transcript: Transcript, version: MagentoVersion) async -> [Failure] {
        let directives = conversation.directives
        let location = "\(transcript.path):\(conversation.line)"
        let simulator: MagentoSimulator
        let root: URL
        do {
            (simulator, root) = try await self.simulator(for: directives.fixtures, relativeTo: transcript.path)
        } catch {
            return [Failure(location: location, version: version, expected: "a usable fixture", got: "\(error)")]
        }
        var settings = EngineSettings()
        var pattern: String?
        var authMode = Magento2AuthMode.bearer
        var magento1 = Magento1Mode.xmlrpc
        for (key, value) in directives.config {
            switch key {
            case "magento1_protocol":
                guard let mode = Magento1Mode(rawValue: value) else {
                    return [Failure(location: location, version: version, expected: "magento1_protocol=\(Magento1Mode.allCases.map(\.rawValue).joined(separator: "|"))", got: value)]
                }
                magento1 = mode
            case "magento2_auth":
                guard let mode = Magento2AuthMode(rawValue: value) else {
                    return [Failure(location: location, version: version, expected: "magento2_auth=\(Magento2AuthMode.allCases.map(\.rawValue).joined(separator: "|"))", got: value)]
                }
                authMode = mode
            case "order_number_pattern": pattern = value
            case "max_failed_attempts": settings.maximumFailedAttempts = Int(value) ?? settings.maximumFailedAttempts
            case "confidence_threshold": settings.confidenceThreshold = Double(value) ?? settings.confidenceThreshold
            case "conversation_timeout": settings.conversationTimeout = .seconds(DurationText.seconds(value) ?? 1800)
            case "lockout_attempts": settings.lockout.attempts = Int(value) ?? settings.lockout.attempts
            case "lockout_window": settings.lockout.window = .seconds(DurationText.seconds(value) ?? 900)
            case "lockout_duration": settings.lockout.duration = .seconds(DurationText.seconds(value) ?? 900)
            default: break
            }
        }
        let extractor: EntityExtractor
        do {
            extractor = try EntityExtractor(orderNumberPattern: pattern)
        } catch {
            return [Failure(location: location, version: version, expected: "a valid @config", got: "\(error)")]
        }
        let storeRoot = directives.fault == "down" ? "http://127.0.0.1:1" : root.absoluteString
        let backend: any StoreBackend
        do {
            backend = try TranscriptRunner.backend(
                for: version, root: storeRoot, fixture: simulator.fixture, store: directives.store, auth: authMode,
                magento1: magento1.protocolName, logger: logger)
        } catch {
            return [Failure(location: location, version: version, expected: "a usable Magento 2 login", got: "\(error)")]
        }
        simulator.faults = directives.fault.flatMap(SimulatorFault.init(rawValue:)).map { [FaultInjection($0, route: directives.faultRoute)] } ?? []
        simulator.magento1SOAPStyle = magento1.style
        defer {
            simulator.faults = []
            simulator.magento1SOAPStyle = .rpcEncoded
        }
        // The replay's own clock, moved on by `~ N minutes pass`.
        let clock = ReplayClock()
        let engine = ConversationEngine(
            catalog: catalog, extractor: extractor, backend: backend, store: InMemoryConversationStore(), settings: settings,
            logger: logger, now: { clock.now })
        var conversationID = "replay-\(conversation.line)-\(version.rawValue)"
        var failures: [Failure] = []
        for turn in conversation.turns {
            if turn.startsNewConversation { conversationID = "replay-\(turn.line)-\(version.rawValue)" }
            clock.advance(seconds: turn.secondsPassed)
            let input = TurnInput(
                conversationID: conversationID, text: turn.text, customer: directives.customer, locale: directives.locale,
                store: directives.store)
            let result = await engine.handle(input)
            let output = FilterContract.encode(result)
            for expectation in turn.expectations {
                if let (expected, got) = TranscriptRunner.check(expectation.kind, output: output) {
                    failures.append(Failure(location: "\(transcript.path):\(expectation.line)", version: version, expected: expected, got: got))
                }
            }
        }
        await backend.close()
        return failures
    }

    /// How a replayed conversation's Magento 2 client signs in (`@config magento2_auth=…`), with
    /// the fixture's own credentials.
    enum Magento2AuthMode: String, CaseIterable {
        case bearer, oauth, admin
        case admin2FA = "admin_2fa"

        func credentials(_ fixture: Fixture) -> Magento2Credentials? {
            let integration = fixture.integration
            switch self {
            case .bearer: return .bearer(token: integration.accessToken)
            case .oauth:
                return .oauth(
                    OAuth1Credentials(
                        consumerKey: integration.consumerKey, consumerSecret: integration.consumerSecret,
                        accessToken: integration.accessToken, accessTokenSecret: integration.accessTokenSecret))
            case .admin:
                return fixture.admins.first { !$0.twoFactor }.map { .admin(username: $0.username, password: $0.password, otpSecret: nil) }
            case .admin2FA:
                return fixture.admins.first { $0.twoFactor && $0.otpSecret != nil }.map {
                    .admin(username: $0.username, password: $0.password, otpSecret: $0.otpSecret)
                }
            }
        }
    }

    /// Which Magento 1 API a replayed conversation speaks (`@config magento1_protocol=…`); the
    /// simulated store's WS-I setting follows.
    enum Magento1Mode: String, CaseIterable {
        case xmlrpc
        case soapRPC = "soap_rpc"
        case soapWSI = "soap_wsi"
        case soapV1 = "soap_v1"

        var protocolName: Magento1Protocol {
            switch self {
            case .xmlrpc: return .xmlrpc
            case .soapRPC, .soapWSI: return .soap
            case .soapV1: return .soapV1
            }
        }
        var style: SOAPStyle { self == .soapWSI ? .documentLiteral : .rpcEncoded }
    }

    /// Every request the simulators answered so far (to prove the replay only read).
    var recordedRequests: [RecordedRequest] { simulators.values.flatMap(\.recordedRequests) }

    static func backend(
        for version: MagentoVersion, root: String, fixture: Fixture, store: String?, auth: Magento2AuthMode = .bearer,
        magento1: Magento1Protocol = .xmlrpc, logger: Logger
    ) throws -> any StoreBackend {
        // Quick retries and short timeouts keep fault transcripts fast (with room for a loaded CI machine).
        let retry = RetryPolicy(
            maximumAttempts: 3, initialBackoff: .milliseconds(5), maximumBackoff: .milliseconds(50),
            requestTimeout: .seconds(2), lookupDeadline: .seconds(3))
        let url = try! StoreURL(root)
        switch version {
        case .magento2:
            // A fixture without the mode's credentials gets a token the store refuses: the replay then fails visibly.
            let credentials = auth.credentials(fixture) ?? .bearer(token: "")
            return try Magento2Client(
                configuration: Magento2Configuration(storeURL: url, credentials: credentials, storeCode: store, retry: retry),
                logger: logger)
        case .magento1:
            let user = fixture.apiUsers.first
            return Magento1Client(
                configuration: Magento1Configuration(
                    storeURL: url, apiUser: user?.username ?? "", apiKey: user?.apiKey ?? "", protocolName: magento1, retry: retry),
                logger: logger)
        }
    }

    private func simulator(for fixturePath: String?, relativeTo transcriptPath: String) async throws -> (MagentoSimulator, URL) {
        let resolved: String
        if let fixturePath {
            resolved = fixturePath.hasPrefix("/")
                ? fixturePath
                : ((transcriptPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(fixturePath)
        } else {
            resolved = "(sample store)"
        }
        if let simulator = simulators[resolved], let root = roots[resolved] { return (simulator, root) }
        let fixture = fixturePath == nil ? try Fixture.sampleStore() : try Fixture(contentsOf: URL(fileURLWithPath: resolved))
        let simulator = MagentoSimulator(fixture: fixture)
        let root = try await simulator.start()
        simulators[resolved] = simulator
        roots[resolved] = root
        return (simulator, root)
    }

    /// nil when the expectation holds, else (what was expected, what came).
    static func check(_ kind: Transcript.Expectation.Kind, output: WireValue) -> (String, String)? {
        let reply = output["reply"].string ?? ""
        switch kind {
        case .replyEquals(let text):
            return collapse(reply) == collapse(text) ? nil : ("reply \"\(text)\"", "\"\(reply)\"")
        case .replyContains(let text):
            return reply.lowercased().contains(text.lowercased()) ? nil : ("reply containing \"\(text)\"", "\"\(reply)\"")
        case .replyLacks(let text):
            return reply.lowercased().contains(text.lowercased()) ? ("reply without \"\(text)\"", "\"\(reply)\"") : nil
        case .output(let key, let value):
            let actual: String
            switch key {
            case "intent": actual = output["intent"]["name"].string ?? "null"
            case "awaiting": actual = output["awaiting"].string ?? "none"
            case "verified": actual = output["verified"].bool == true ? "true" : "false"
            case "handoff":
                let reason = output["handoff"]["reason"].string ?? "null"
                actual = output["handoff"].isNull ? "false" : ["true", "false"].contains(value) ? "true" : reason
            case "lookup":
                let lookups = output["lookups"].elements.map { "\($0["operation"].string ?? ""):\($0["outcome"].string ?? "")" }
                return lookups.contains(value) ? nil : ("lookup=\(value)", lookups.isEmpty ? "no lookups" : lookups.joined(separator: ", "))
            default:
                let slot = String(key.dropFirst("slot.".count))
                actual = output["slots"][slot].string ?? "none"
            }
            return actual == value ? nil : ("\(key)=\(value)", "\(key)=\(actual)" + (key == "handoff" || key == "awaiting" ? " (reply: \"\(reply)\")" : ""))
        }
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

/// A clock a replay moves by hand, so idle timeouts and lockout windows replay in no time.
final class ReplayClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date()

    var now: Date { lock.withLock { current } }

    func advance(seconds: Int) {
        lock.withLock { current = current.addingTimeInterval(TimeInterval(seconds)) }
    }
}

struct ValidationFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
