import Foundation
import MagentoWire
import OrderedCollections

/// Runs a `searchCriteria` over fixture records the way Magento's collections (on MySQL) do:
/// groups ANDed, filters ORed, string comparison case-insensitive as MySQL's default collation,
/// unknown condition types as equality (magento2-captures 17c), sort without direction descending.
enum SearchEvaluation {
    static func run(_ criteria: SearchCriteria, over records: [WireValue]) -> WireValue {
        var found = records.filter { record in
            criteria.filterGroups.allSatisfy { group in group.isEmpty || group.contains { matches(record, $0) } }
        }
        for sort in criteria.sortOrders.reversed() {
            let ascending = sort.direction?.uppercased() == "ASC"
            found = found.enumerated().sorted { lhs, rhs in
                let order = compare(lhs.element[sort.field], rhs.element[sort.field])
                if order == .orderedSame { return lhs.offset < rhs.offset }
                return ascending ? order == .orderedAscending : order == .orderedDescending
            }.map(\.element)
        }
        let total = found.count
        var page = found
        if let size = criteria.pageSize, size > 0 {
            let current = max(1, criteria.currentPage ?? 1)
            let start = (current - 1) * size
            // Past the end: empty items with the true total (magento2-captures 15).
            page = start < total ? Array(found[start..<min(total, start + size)]) : []
        }
        return [
            "items": .array(page),
            "search_criteria": echo(criteria),
            "total_count": .int(total),
        ]
    }

    static func echo(_ criteria: SearchCriteria) -> WireValue {
        var members = OrderedDictionary<String, WireValue>()
        members["filter_groups"] = .array(
            criteria.filterGroups.map { group in
                ["filters": .array(group.map { ["field": .string($0.field), "value": .string($0.value), "condition_type": .string($0.conditionType ?? "eq")] })]
            })
        if !criteria.sortOrders.isEmpty {
            members["sort_orders"] = .array(
                criteria.sortOrders.map { ["field": .string($0.field), "direction": $0.direction.map(WireValue.string) ?? .null] })
        }
        if let size = criteria.pageSize { members["page_size"] = .int(size) }
        if let current = criteria.currentPage { members["current_page"] = .int(current) }
        return .object(members)
    }

    static func matches(_ record: WireValue, _ filter: SearchCriteria.Filter) -> Bool {
        let field = record[filter.field]
        let value = filter.value
        switch filter.conditionType?.lowercased() ?? "eq" {
        case "neq": return !equal(field, value)
        case "like": return like(field.string ?? "", value)
        case "nlike": return !like(field.string ?? "", value)
        case "in": return value.split(separator: ",").contains { equal(field, String($0).trimmingCharacters(in: .whitespaces)) }
        case "nin": return !value.split(separator: ",").contains { equal(field, String($0).trimmingCharacters(in: .whitespaces)) }
        case "gt": return compare(field, .string(value)) == .orderedDescending
        case "lt": return compare(field, .string(value)) == .orderedAscending
        case "gteq", "moreq", "from": return compare(field, .string(value)) != .orderedAscending && !field.isNull
        case "lteq", "to": return compare(field, .string(value)) != .orderedDescending && !field.isNull
        case "null": return field.isNull
        case "notnull": return !field.isNull
        case "finset": return (field.string ?? "").split(separator: ",").contains { equal(.string(String($0)), value) }
        case "nfinset": return !(field.string ?? "").split(separator: ",").contains { equal(.string(String($0)), value) }
        default: return equal(field, value)
        }
    }

    static func equal(_ field: WireValue, _ value: String) -> Bool {
        guard let text = field.string else { return false }
        if let a = Double(text), let b = Double(value) { return a == b }
        return text.caseInsensitiveCompare(value) == .orderedSame
    }

    static func compare(_ lhs: WireValue, _ rhs: WireValue) -> ComparisonResult {
        let left = lhs.string ?? ""
        let right = rhs.string ?? ""
        if let a = Double(left), let b = Double(right) {
            return a < b ? .orderedAscending : (a > b ? .orderedDescending : .orderedSame)
        }
        return left.caseInsensitiveCompare(right)
    }

    /// SQL LIKE with `%` and `_`, case-insensitive.
    static func like(_ text: String, _ pattern: String) -> Bool {
        let text = Array(text.lowercased())
        let pattern = Array(pattern.lowercased())
        var memo = [Int: Bool]()
        func match(_ t: Int, _ p: Int) -> Bool {
            let key = t * (pattern.count + 1) + p
            if let known = memo[key] { return known }
            let result: Bool
            if p == pattern.count {
                result = t == text.count
            } else if pattern[p] == "%" {
                result = match(t, p + 1) || (t < text.count && match(t + 1, p))
            } else if t < text.count && (pattern[p] == "_" || pattern[p] == text[t]) {
                result = match(t + 1, p + 1)
            } else {
                result = false
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }
}
