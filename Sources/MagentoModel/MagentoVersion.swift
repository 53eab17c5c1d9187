/// Which Magento generation a store runs; they speak different APIs but mean the same orders.
public enum MagentoVersion: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case magento1 = "1"
    case magento2 = "2"

    public var description: String { self == .magento1 ? "Magento 1" : "Magento 2" }
}
