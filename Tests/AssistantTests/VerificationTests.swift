import Assistant
import Foundation
import MagentoModel
import Testing

@Suite struct VerificationTests {
    static func order(billing: String?, shipping: String? = nil) -> Order {
        Order(
            number: "000000101", entityID: 1, state: "complete", status: "complete", createdAt: nil,
            customerEmail: "Jane.Doe@example.com", isGuest: false, currencyCode: "USD", grandTotal: 10,
            billingAddress: Address(postcode: billing), shippingAddress: Address(postcode: shipping))
    }

    @Test func emailIsCaseInsensitive() {
        #expect(Verification.emailMatches("jane.doe@EXAMPLE.com", order: Self.order(billing: nil)))
        #expect(!Verification.emailMatches("jane@example.com", order: Self.order(billing: nil)))
    }

    @Test func billingPostcodeIgnoresCaseAndSpaces() {
        #expect(Verification.billingPostcodeMatches("sw1a1aa", order: Self.order(billing: "SW1A 1AA")))
        #expect(Verification.billingPostcodeMatches("10577", order: Self.order(billing: "10577")))
    }

    @Test func zipPlusFourMatchesItsFiveDigitPrefix() {
        #expect(Verification.billingPostcodeMatches("78701-1234", order: Self.order(billing: "78701")))
        #expect(Verification.billingPostcodeMatches("78701", order: Self.order(billing: "78701-1234")))
        #expect(!Verification.billingPostcodeMatches("78702", order: Self.order(billing: "78701-1234")))
    }

    @Test func theShippingPostcodeIsNotProof() {
        #expect(!Verification.billingPostcodeMatches("60611", order: Self.order(billing: "78701", shipping: "60611")))
        #expect(!Verification.billingPostcodeMatches("60611", order: Self.order(billing: nil, shipping: "60611")))
    }
}
