public import Foundation

/// A registered customer account, reduced to what an account question needs.
public struct Customer: Sendable, Hashable, Codable {
    public var id: Int
    public var email: String
    public var firstname: String?
    public var lastname: String?
    public var createdAt: Date?

    public init(id: Int, email: String, firstname: String? = nil, lastname: String? = nil, createdAt: Date? = nil) {
        self.id = id
        self.email = email
        self.firstname = firstname
        self.lastname = lastname
        self.createdAt = createdAt
    }
}

/// What a search for a customer by email found. One email can belong to accounts on several
/// websites; that is reported as such and never resolved by guessing.
public enum CustomerMatch: Sendable, Hashable {
    case none
    case one(Customer)
    case several(count: Int)
}
