/// Magento 2's `searchCriteria` query: filter groups (ANDed) of filters (ORed), sort orders, paging.
///
/// The client renders it into the bracketed query Magento reads; the simulator parses it back,
/// accepting both key spellings (`filter_groups`/`condition_type` and `filterGroups`/`conditionType`)
/// as Magento's input processor does.
public struct SearchCriteria: Sendable, Equatable {
    public struct Filter: Sendable, Equatable {
        public var field: String
        public var value: String
        /// nil when the request named none; Magento then uses equality and echoes `"eq"`.
        public var conditionType: String?

        public init(field: String, value: String, conditionType: String? = "eq") {
            self.field = field
            self.value = value
            self.conditionType = conditionType
        }
    }

    public struct SortOrder: Sendable, Equatable {
        public var field: String
        /// `ASC` or `DESC`; nil sorts descending (magento2-captures 17d) and echoes as null.
        public var direction: String?

        public init(field: String, direction: String? = nil) {
            self.field = field
            self.direction = direction
        }
    }

    public var filterGroups: [[Filter]]
    public var sortOrders: [SortOrder]
    public var pageSize: Int?
    public var currentPage: Int?

    public init(filterGroups: [[Filter]] = [], sortOrders: [SortOrder] = [], pageSize: Int? = nil, currentPage: Int? = nil) {
        self.filterGroups = filterGroups
        self.sortOrders = sortOrders
        self.pageSize = pageSize
        self.currentPage = currentPage
    }

    /// One equality filter, the common case: `SearchCriteria.where("increment_id", equals: "000000001")`.
    public static func `where`(_ field: String, equals value: String) -> SearchCriteria {
        SearchCriteria(filterGroups: [[Filter(field: field, value: value)]])
    }

    /// Query pairs in Magento's bracketed snake_case form, names and values unencoded.
    public var queryPairs: [(String, String)] {
        var pairs: [(String, String)] = []
        for (groupIndex, group) in filterGroups.enumerated() {
            for (filterIndex, filter) in group.enumerated() {
                let prefix = "searchCriteria[filter_groups][\(groupIndex)][filters][\(filterIndex)]"
                pairs.append(("\(prefix)[field]", filter.field))
                pairs.append(("\(prefix)[value]", filter.value))
                if let condition = filter.conditionType { pairs.append(("\(prefix)[condition_type]", condition)) }
            }
        }
        for (index, sort) in sortOrders.enumerated() {
            pairs.append(("searchCriteria[sortOrders][\(index)][field]", sort.field))
            if let direction = sort.direction { pairs.append(("searchCriteria[sortOrders][\(index)][direction]", direction)) }
        }
        if let pageSize { pairs.append(("searchCriteria[pageSize]", String(pageSize))) }
        if let currentPage { pairs.append(("searchCriteria[currentPage]", String(currentPage))) }
        if pairs.isEmpty { pairs.append(("searchCriteria", "")) }
        return pairs
    }

    /// Reads the criteria from decoded query pairs. Returns nil when no `searchCriteria` key is
    /// present at all (Magento answers that with 400 `"%fieldName" is required`).
    public init?(queryPairs: [(String, String)]) {
        var groups: [Int: [Int: [String: String]]] = [:]
        var sorts: [Int: [String: String]] = [:]
        var sawCriteria = false
        var pageSize: Int?
        var currentPage: Int?
        for (name, value) in queryPairs where name.hasPrefix("searchCriteria") {
            sawCriteria = true
            let keys = SearchCriteria.bracketKeys(name)
            guard let first = keys.first else { continue }
            switch SearchCriteria.snakeCase(first) {
            case "filter_groups":
                // [filter_groups][g][filters][f][field|value|condition_type]
                guard keys.count == 5, let group = Int(keys[1]), SearchCriteria.snakeCase(keys[2]) == "filters",
                    let filter = Int(keys[3])
                else { continue }
                groups[group, default: [:]][filter, default: [:]][SearchCriteria.snakeCase(keys[4])] = value
            case "sort_orders":
                if keys.count == 3, let index = Int(keys[1]) { sorts[index, default: [:]][keys[2]] = value }
            case "page_size": pageSize = Int(value)
            case "current_page": currentPage = Int(value)
            default: continue
            }
        }
        guard sawCriteria else { return nil }
        self.filterGroups = groups.keys.sorted().map { groupIndex in
            groups[groupIndex]!.keys.sorted().compactMap { filterIndex in
                let fields = groups[groupIndex]![filterIndex]!
                guard let field = fields["field"] else { return nil }
                return Filter(field: field, value: fields["value"] ?? "", conditionType: fields["condition_type"])
            }
        }
        self.sortOrders = sorts.keys.sorted().compactMap { index in
            guard let field = sorts[index]!["field"] else { return nil }
            return SortOrder(field: field, direction: sorts[index]!["direction"])
        }
        self.pageSize = pageSize
        self.currentPage = currentPage
    }

    /// `searchCriteria[filter_groups][0][filters][1][field]` → `["filter_groups","0","filters","1","field"]`.
    static func bracketKeys(_ name: String) -> [String] {
        var keys: [String] = []
        var current = ""
        var inside = false
        for character in name.dropFirst("searchCriteria".count) {
            switch character {
            case "[": inside = true; current = ""
            case "]": if inside { keys.append(current) }; inside = false
            default: if inside { current.append(character) }
            }
        }
        return keys
    }

    /// `filterGroups` → `filter_groups`, as Magento's input processor maps camelCase keys.
    static func snakeCase(_ key: String) -> String {
        var output = ""
        for character in key {
            if character.isUppercase {
                output += "_" + character.lowercased()
            } else {
                output.append(character)
            }
        }
        return output
    }
}
