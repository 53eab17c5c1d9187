public import MagentoModel

/// The rules for who may see an order.
///
/// Proof is the order number plus the order's customer email (case-insensitive) or its BILLING
/// postcode (case- and space-insensitive; a ZIP+4 matches its 5-digit prefix). A shipping postcode
/// or a name is never proof: both are printed on the parcel.
public enum Verification {
    public static func emailMatches(_ given: String, order: Order) -> Bool {
        let owner = order.customerEmail.lowercased()
        return !owner.isEmpty && given.lowercased() == owner
    }

    public static func billingPostcodeMatches(_ given: String, order: Order) -> Bool {
        guard let billing = order.billingAddress?.postcode else { return false }
        let expected = normalize(billing)
        let offered = normalize(given)
        guard !expected.isEmpty, !offered.isEmpty else { return false }
        if expected == offered { return true }
        // ZIP+4 on either side matches its 5-digit ZIP.
        return zip5(expected) != nil && zip5(expected) == zip5(offered)
    }

    static func normalize(_ postcode: String) -> String {
        postcode.uppercased().filter { !$0.isWhitespace }
    }

    static func zip5(_ postcode: String) -> String? {
        let digits = postcode.split(separator: "-", maxSplits: 1)
        guard let first = digits.first, first.count == 5, first.allSatisfy(\.isNumber) else { return nil }
        guard digits.count == 1 || (digits[1].count == 4 && digits[1].allSatisfy(\.isNumber)) else { return nil }
        return String(first)
    }
}
