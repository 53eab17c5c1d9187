import Assistant
import Foundation
import MagentoModel
import Testing

/// The dialogue's half of "a caller's word is not proof": an account's orders are listed only to a
/// turn vouched for that account's email, and what was vouched for one customer is not another's.
@Suite struct VouchingTests {
    typealias Fixture = ConversationEngineTests

    static let accountQuestions = [
        "which orders do I have?", "show me my orders", "list my orders", "what have I ordered so far", "my order history",
        "where is my order?", "has my order shipped?", "orders for jane.doe@example.com please", "show all orders of jane.doe@example.com",
        "I am jane.doe@example.com, what are my orders", "the second one",
    ]

    @Test(arguments: [nil, CustomerContext(email: "jane.doe@example.com", verified: false, name: "Jane Doe")])
    func anAnonymousTurnNeverListsAnAccountsOrders(customer: CustomerContext?) async {
        let engine = Fixture.engine(Fixture.store)
        for (index, question) in Self.accountQuestions.enumerated() {
            for conversation in ["fresh-\(index)", "ongoing"] {
                let result = await engine.handle(TurnInput(conversationID: conversation, text: question, customer: customer))
                #expect(!result.lookups.contains { $0.operation == .ordersByEmail }, "'\(question)' looked up an account")
                #expect(!result.events.disclosures.contains { $0.kind == .account }, "'\(question)' disclosed an account")
                #expect(!result.reply.contains("000000102"), "'\(question)': \(result.reply)")
                #expect(result.awaiting != .orderChoice)
            }
        }
    }

    @Test func aVouchedTurnListsOnlyItsOwnEmailsOrders() async {
        let engine = Fixture.engine(Fixture.store)
        let sam = CustomerContext(email: " SAM@example.com ", verified: true)
        let result = await engine.handle(TurnInput(conversationID: "s", text: "show me my orders", customer: sam))
        #expect(result.reply.contains("000000103"))
        #expect(!result.reply.contains("000000101") && !result.reply.contains("000000102"))
        #expect(result.events.disclosures.map(\.email) == ["sam@example.com"])
        let blank = await engine.handle(TurnInput(conversationID: "b", text: "show me my orders", customer: CustomerContext(email: " ", verified: true)))
        #expect(!blank.lookups.contains { $0.operation == .ordersByEmail })
    }

    @Test func whatWasVouchedForOneCustomerIsNotTheNextOnesOnTheSameChat() async {
        let engine = Fixture.engine(Fixture.store)
        let jane = CustomerContext(email: "jane.doe@example.com", verified: true)
        let shown = await engine.handle(TurnInput(conversationID: "kiosk", text: "where is order 000000101", customer: jane))
        #expect(shown.verified && shown.reply.contains("1Z999"))
        // Jane logs out; the next visitor on the same chat asks about "it", and about her other order.
        let anonymous = await engine.handle(TurnInput(conversationID: "kiosk", text: "has it shipped?"))
        #expect(!anonymous.verified)
        #expect(!anonymous.reply.contains("1Z999"))
        let other = await engine.handle(TurnInput(conversationID: "kiosk", text: "what about order 000000102?"))
        #expect(!other.verified && !other.reply.contains("processing"))
        // Someone else logs in on the same chat: Jane's proof is not theirs either.
        let sam = CustomerContext(email: "sam@example.com", verified: true)
        let samAsks = await engine.handle(TurnInput(conversationID: "kiosk", text: "where is order 000000101", customer: sam))
        #expect(!samAsks.verified && !samAsks.reply.contains("1Z999"), "\(samAsks.reply)")
        // Jane back: her own word (the helpdesk's) still works.
        let back = await engine.handle(TurnInput(conversationID: "kiosk", text: "where is order 000000101", customer: jane))
        #expect(back.verified)
    }

    @Test func aProofTheCustomerTypedStaysWithTheChat() async {
        let engine = Fixture.engine(Fixture.store)
        _ = await engine.handle(TurnInput(conversationID: "c", text: "where is order 000000101"))
        #expect(await engine.handle(TurnInput(conversationID: "c", text: "jane.doe@example.com")).verified)
        let later = await engine.handle(TurnInput(conversationID: "c", text: "and what did I order?", customer: CustomerContext(email: "jane.doe@example.com", verified: false)))
        #expect(later.verified)
    }
}
