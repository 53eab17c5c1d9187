import Assistant
import MagentoWire
import OrderedCollections

/// The JSON-lines contract of `magedesk filter`, version 1: how an input line becomes a turn and
/// how a turn's result (or a line's error) becomes an output line. `serve`'s /v1/turn and the
/// transcript runner speak the same contract.
enum FilterContract {
    static let version = 1

    /// Why a line could not become a turn.
    struct LineError: Error, Equatable {
        enum Code: String {
            case invalidJSON = "invalid_json"
            case invalidUTF8 = "invalid_utf8"
            case notAnObject = "not_an_object"
            case missingField = "missing_field"
            case wrongType = "wrong_type"
            case tooLong = "too_long"
        }

        var code: Code
        var message: String
        var conversationID: String?
    }

    /// An input with what its sender says besides the turn itself, for a channel that decides what
    /// to believe (`serve`): `input.customer` holds the body's claims as they came.
    struct Request: Equatable {
        var input: TurnInput
        /// A signed identity token (`customer.token`, or Rasa's `metadata.customer_token`), unverified.
        var identityToken: String?
        /// Whether the body claims anything about the customer (email, name or verified), at the top
        /// level or in Rasa's `metadata`.
        var claimsIdentity: Bool {
            guard let customer = input.customer else { return false }
            return customer.email != nil || customer.name != nil || customer.verified
        }
    }

    /// Reads one input line: the v1 object, or a Rasa-shaped `{"sender","message"}`.
    static func decode(_ bytes: [UInt8]) -> Result<TurnInput, LineError> {
        decodeRequest(bytes).map(\.input)
    }

    /// `decode`, keeping the identity token for a channel that checks it. The customer may come as
    /// the top-level `customer` object or, from a Rasa widget, as `metadata.customer` (with the
    /// token also as `metadata.customer_token`, where Rasa webchat's `customData` puts it).
    static func decodeRequest(_ bytes: [UInt8]) -> Result<Request, LineError> {
        guard let line = String(validating: bytes, as: UTF8.self) else {
            return .failure(LineError(code: .invalidUTF8, message: "the line is not valid UTF-8"))
        }
        let value: WireValue
        do {
            value = try JSON.parse(line)
        } catch {
            return .failure(LineError(code: .invalidJSON, message: "the line is not valid JSON: \(error)"))
        }
        guard case .object(let members) = value else {
            return .failure(LineError(code: .notAnObject, message: "each line must be a JSON object"))
        }
        let idKey = members["conversation_id"] != nil ? "conversation_id" : (members["sender"] != nil ? "sender" : "conversation_id")
        let textKey = members["text"] != nil ? "text" : (members["message"] != nil ? "message" : "text")
        var conversationID: String?
        switch members[idKey] {
        case .string(let id)?: conversationID = id
        case nil, .null?: return .failure(LineError(code: .missingField, message: "conversation_id is required"))
        default: return .failure(LineError(code: .wrongType, message: "\(idKey) must be a string"))
        }
        func fail(_ code: LineError.Code, _ message: String) -> Result<Request, LineError> {
            .failure(LineError(code: code, message: message, conversationID: conversationID))
        }
        guard let id = conversationID, !id.isEmpty else { return fail(.missingField, "conversation_id must not be empty") }
        let text: String
        switch members[textKey] {
        case .string(let value)?: text = value
        case nil, .null?: return fail(.missingField, "text is required")
        default: return fail(.wrongType, "\(textKey) must be a string")
        }
        var input = TurnInput(conversationID: id, text: text)
        for key in ["subject", "locale", "store"] {
            switch members[key] {
            case nil, .null?: continue
            case .string(let value)?:
                switch key {
                case "subject": input.subject = value
                case "locale": input.locale = value
                default: input.store = value
                }
            default: return fail(.wrongType, "\(key) must be a string")
            }
        }
        switch members["reset"] {
        case nil, .null?: break
        case .bool(let flag)?: input.reset = flag
        default: return fail(.wrongType, "reset must be true or false")
        }
        var token: String?
        var customerObject = members["customer"] ?? .null
        var path = "customer"
        switch members["metadata"] {
        case .object(let metadata)?:
            if customerObject.isNull, let nested = metadata["customer"] { (customerObject, path) = (nested, "metadata.customer") }
            switch metadata["customer_token"] {
            case nil, .null?: break
            case .string(let value)?: token = value
            default: return fail(.wrongType, "metadata.customer_token must be a string")
            }
        default: break  // Rasa lets a widget send any metadata; only these keys are read.
        }
        switch customerObject {
        case .null: break
        case .object(let customer):
            var context = CustomerContext()
            for key in ["email", "name", "token"] {
                switch customer[key] {
                case nil, .null?: continue
                case .string(let value)?:
                    switch key {
                    case "email": context.email = value
                    case "name": context.name = value
                    default: token = token ?? value
                    }
                default: return fail(.wrongType, "\(path).\(key) must be a string")
                }
            }
            switch customer["verified"] {
            case nil, .null?: break
            case .bool(let flag)?: context.verified = flag
            default: return fail(.wrongType, "\(path).verified must be true or false")
            }
            input.customer = context
        default: return fail(.wrongType, "\(path) must be an object")
        }
        return .success(Request(input: input, identityToken: token))
    }

    static func encode(_ result: TurnResult) -> WireValue {
        var slots: [(String, WireValue)] = []
        for key in result.slots.keys.sorted() { slots.append((key, .string(result.slots[key]!))) }
        let handoff: WireValue = result.handoff.map { handoff in
            [
                "reason": .string(handoff.reason.rawValue), "summary": .string(handoff.summary),
                "slots": .object(.init(uniqueKeysWithValues: handoff.slots.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                "verification": .string(handoff.verification), "order": handoff.order.map(WireValue.string) ?? .null,
            ]
        } ?? .null
        return [
            "version": .int(version),
            "conversation_id": .string(result.conversationID),
            "reply": .string(result.reply),
            "intent": ["name": .string(result.intent.name), "confidence": .double((result.intent.confidence * 1000).rounded() / 1000)],
            "slots": .object(.init(uniqueKeysWithValues: slots)),
            "awaiting": result.awaiting.map { .string($0.rawValue) } ?? .null,
            "verified": .bool(result.verified),
            "handoff": handoff,
            "lookups": .array(
                result.lookups.map {
                    ["operation": .string($0.operation.rawValue), "outcome": .string($0.outcome.rawValue), "ms": .double($0.milliseconds)]
                }),
        ]
    }

    /// An input that could not become a turn; `line` is the input line number (the filter's).
    static func encode(_ error: LineError, line: Int?) -> WireValue {
        var members: OrderedDictionary<String, WireValue> = [
            "version": .int(version),
            "conversation_id": error.conversationID.map(WireValue.string) ?? .null,
            "error": ["code": .string(error.code.rawValue), "message": .string(error.message)],
        ]
        if let line { members["line"] = .int(line) }
        return .object(members)
    }
}
