public import OrderedCollections

/// A value as Magento puts it on the wire, before anyone decides what it means.
///
/// Magento 2 JSON and Magento 1 XML-RPC carry the same loosely typed data: money as `68.99` or as
/// `"49.9800"`, ids as ints or strings, `[]` where an object was expected, nulls omitted or sent as
/// `<nil/>`. Parsing into this one type first lets each normalizer be lenient in one place, and
/// objects keep their key order, which Magento's own answers (and so the simulator's) preserve.
public enum WireValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([WireValue])
    case object(OrderedDictionary<String, WireValue>)

    public subscript(key: String) -> WireValue {
        if case .object(let members) = self { return members[key] ?? .null }
        return .null
    }

    public subscript(index: Int) -> WireValue {
        if case .array(let elements) = self, elements.indices.contains(index) { return elements[index] }
        return .null
    }

    public var isNull: Bool { self == .null }

    /// Text of a scalar: strings as they are, numbers as Magento would print them.
    public var string: String? {
        switch self {
        case .string(let text): return text
        case .int(let value): return String(value)
        case .double(let value): return WireValue.format(value)
        case .bool(let value): return value ? "1" : "0"
        default: return nil
        }
    }

    /// A non-empty string, or nil: Magento sends `""` and null interchangeably for "not set".
    public var nonEmptyString: String? {
        guard let text = string, !text.isEmpty else { return nil }
        return text
    }

    public var int: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value): return value.rounded() == value ? Int(value) : nil
        case .string(let text): return Int(text) ?? Double(text).flatMap { $0.rounded() == $0 ? Int($0) : nil }
        case .bool(let value): return value ? 1 : 0
        default: return nil
        }
    }

    public var bool: Bool? {
        switch self {
        case .bool(let value): return value
        case .int(let value): return value != 0
        case .string(let text): return text == "1" || text.lowercased() == "true"
        default: return nil
        }
    }

    /// Elements of an array; an object counts as its values (PHP arrays with gaps are sent as
    /// objects), and null as no elements.
    public var elements: [WireValue] {
        switch self {
        case .array(let elements): return elements
        case .object(let members): return Array(members.values)
        default: return []
        }
    }

    /// Members of an object; `[]` (PHP's empty array) counts as an empty object.
    public var members: OrderedDictionary<String, WireValue> {
        if case .object(let members) = self { return members }
        return [:]
    }

    /// Formats a double the way PHP's json_encode does for Magento amounts: no trailing `.0`.
    public static func format(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}

extension WireValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: WireValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, WireValue)...) {
        self = .object(OrderedDictionary(uniqueKeysWithValues: elements))
    }
}
