import MagentoWire
import Testing

@Suite struct SearchCriteriaTests {
    @Test func rendersMagentosBracketedSnakeCaseQuery() {
        var criteria = SearchCriteria.where("increment_id", equals: "000000001")
        criteria.pageSize = 1
        let query = URLQuery.encode(criteria.queryPairs)
        #expect(
            query
                == "searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=increment_id"
                + "&searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=000000001"
                + "&searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bcondition_type%5D=eq"
                + "&searchCriteria%5BpageSize%5D=1")
    }

    @Test func spacesAreEncodedAsPercent20NeverPlus() {
        #expect(URLQuery.percentEncode("a b+c~") == "a%20b%2Bc~")
    }

    @Test func decodingKeepsPlusAsPlusLikeRawurldecode() {
        let pairs = URLQuery.decode("a=1+2&b=%20x")
        #expect(pairs.map(\.0) == ["a", "b"])
        #expect(pairs.map(\.1) == ["1+2", " x"])
    }

    @Test func parsesBothKeySpellingsAndRoundTrips() throws {
        let camel = URLQuery.decode(
            "searchCriteria[filterGroups][0][filters][0][field]=status&searchCriteria[filterGroups][0][filters][0][value]=pending"
                + "&searchCriteria[filterGroups][0][filters][0][conditionType]=neq&searchCriteria[sortOrders][0][field]=entity_id"
                + "&searchCriteria[pageSize]=2&searchCriteria[currentPage]=3")
        let criteria = try #require(SearchCriteria(queryPairs: camel))
        #expect(criteria.filterGroups == [[.init(field: "status", value: "pending", conditionType: "neq")]])
        #expect(criteria.sortOrders == [.init(field: "entity_id", direction: nil)])
        #expect(criteria.pageSize == 2)
        #expect(criteria.currentPage == 3)
        #expect(SearchCriteria(queryPairs: criteria.queryPairs) == criteria)
    }

    @Test func noSearchCriteriaKeyAtAllIsNil() {
        #expect(SearchCriteria(queryPairs: [("fields", "items")]) == nil)
        #expect(SearchCriteria(queryPairs: [("searchCriteria", "")]) == SearchCriteria())
    }
}
