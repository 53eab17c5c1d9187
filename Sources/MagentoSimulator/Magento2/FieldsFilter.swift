import MagentoWire
import OrderedCollections

/// Magento 2's partial-response parameter, `fields=items[increment_id,status],total_count`.
///
/// Names without brackets keep the whole value; a bracket list filters an object or every element
/// of a list. Anything but letters, digits, `_`, `[`, `]` and `,` — or unbalanced brackets —
/// makes Magento answer `[]` (magento2-captures 14, 14b).
struct FieldsFilter {
    indirect enum Node {
        case all
        case some(OrderedDictionary<String, Node>)
    }

    let root: Node?

    init(_ text: String) {
        guard text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "[" || $0 == "]" || $0 == "," }) else {
            root = nil
            return
        }
        var characters = Substring(text)
        guard let node = FieldsFilter.parseList(&characters), characters.isEmpty else {
            root = nil
            return
        }
        root = node
    }

    private static func parseList(_ text: inout Substring) -> Node? {
        var members = OrderedDictionary<String, Node>()
        while true {
            let name = text.prefix { $0 != "," && $0 != "[" && $0 != "]" }
            text = text.dropFirst(name.count)
            var node = Node.all
            if text.first == "[" {
                text = text.dropFirst()
                guard let inner = parseList(&text), text.first == "]" else { return nil }
                text = text.dropFirst()
                node = inner
            }
            if !name.isEmpty { members[String(name)] = node }
            if text.first == "," {
                text = text.dropFirst()
                continue
            }
            return .some(members)
        }
    }

    /// The filtered value; nil when the filter itself was invalid (Magento then answers `[]`).
    func apply(to value: WireValue) -> WireValue? {
        guard let root else { return nil }
        return FieldsFilter.apply(root, to: value)
    }

    private static func apply(_ node: Node, to value: WireValue) -> WireValue {
        guard case .some(let selection) = node else { return value }
        switch value {
        case .array(let elements):
            return .array(elements.map { apply(node, to: $0) })
        case .object(let members):
            // Keys keep the object's order, not the requested order (magento2-captures 13).
            var kept = OrderedDictionary<String, WireValue>()
            for (key, member) in members {
                if let child = selection[key] { kept[key] = apply(child, to: member) }
            }
            return .object(kept)
        default:
            return value
        }
    }
}
