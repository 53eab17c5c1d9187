import Assistant
import Foundation
import Logging
import MagentoModel
import Synchronization
import Testing

@Suite struct ConversationEngineTests {
    static let catalog = try! IntentCatalog.load(from: CatalogTests.repositoryIntents)

    static let janesOrder = Order(
        number: "000000101", entityID: 1, state: "complete", status: "complete", createdAt: MagentoDate.parse("2025-03-02 09:14:00"),
        customerEmail: "jane.doe@example.com", isGuest: false, currencyCode: "USD", grandTotal: 68.99,
        items: [OrderItem(sku: "TEE", name: "Radiant Tee", quantityOrdered: 2, quantityShipped: 2)],
        billingAddress: Address(postcode: "10577"), shippingAddress: Address(postcode: "10577"))
    static let janesSecondOrder = Order(
        number: "000000102", entityID: 2, state: "processing", status: "processing", createdAt: nil,
        customerEmail: "jane.doe@example.com", isGuest: false, currencyCode: "USD", grandTotal: 84,
        billingAddress: Address(postcode: "10577"))
    static let someoneElsesOrder = Order(
        number: "000000103", entityID: 3, state: "new", status: "pending", createdAt: nil,
        customerEmail: "sam@example.com", isGuest: true, currencyCode: "USD", grandTotal: 39.5,
        billingAddress: Address(postcode: "78701"), shippingAddress: Address(postcode: "60611"))

    static func engine(_ backend: InMemoryStoreBackend, now: @escaping @Sendable () -> Date = { Date() }) -> ConversationEngine {
        ConversationEngine(
            catalog: catalog, extractor: try! EntityExtractor(), backend: backend, store: InMemoryConversationStore(),
            logger: Logger(label: "test"), now: now)
    }

    static let store = InMemoryStoreBackend(
        orders: [janesOrder, janesSecondOrder, someoneElsesOrder],
        shipments: [1: [Shipment(number: "1", createdAt: nil, tracks: [Track(number: "1Z999", carrierCode: "ups", title: "UPS")])]])

    @Test func asksForProofBeforeLookingAnythingUp() async {
        let backend = Self.store
        let engine = Self.engine(backend)
        let first = await engine.handle(TurnInput(conversationID: "c", text: "where is my order 000000101"))
        #expect(first.awaiting == .email)
        #expect(first.lookups.isEmpty)
        #expect(!first.verified)
        let second = await engine.handle(TurnInput(conversationID: "c", text: "jane.doe@example.com"))
        #expect(second.verified)
        #expect(second.intent.name == "order_status")
        #expect(second.reply.contains("shipped"))
        #expect(second.reply.contains("1Z999"))
        #expect(second.lookups.map(\.operation) == [.orderByNumber, .shipments])
    }

    @Test func unknownOrderAndWrongEmailGetTheSameReply() async {
        let engine = Self.engine(Self.store)
        _ = await engine.handle(TurnInput(conversationID: "a", text: "where is order 000000101"))
        let wrongEmail = await engine.handle(TurnInput(conversationID: "a", text: "other@example.com"))
        _ = await engine.handle(TurnInput(conversationID: "b", text: "where is order 000000999"))
        let unknownOrder = await engine.handle(TurnInput(conversationID: "b", text: "other@example.com"))
        #expect(wrongEmail.reply == unknownOrder.reply)
        #expect(wrongEmail.awaiting == unknownOrder.awaiting)
        #expect(!wrongEmail.verified && !unknownOrder.verified)
    }

    @Test func theThirdFailureIsAHandoff() async {
        let engine = Self.engine(Self.store)
        _ = await engine.handle(TurnInput(conversationID: "c", text: "where is order 000000101"))
        var last: TurnResult?
        for attempt in 1...3 {
            last = await engine.handle(TurnInput(conversationID: "c", text: "wrong\(attempt)@example.com"))
            #expect((last?.handoff != nil) == (attempt == 3))
        }
        #expect(last?.handoff?.reason == .verificationFailed)
        #expect(last?.awaiting == nil)
    }

    @Test func shippingPostcodeIsRefusedBillingPostcodeAccepted() async {
        let engine = Self.engine(Self.store)
        _ = await engine.handle(TurnInput(conversationID: "c", text: "status of order 000000103"))
        #expect(!(await engine.handle(TurnInput(conversationID: "c", text: "60611"))).verified)
        #expect(await engine.handle(TurnInput(conversationID: "c", text: "78701")).verified)
    }

    @Test func aProvenEmailCoversItsOtherOrdersButNotSomeoneElses() async {
        let engine = Self.engine(Self.store)
        _ = await engine.handle(TurnInput(conversationID: "c", text: "where is order 000000101"))
        #expect(await engine.handle(TurnInput(conversationID: "c", text: "jane.doe@example.com")).verified)
        let second = await engine.handle(TurnInput(conversationID: "c", text: "and where is order 000000102?"))
        #expect(second.verified)
        #expect(second.reply.contains("processing"))
        let third = await engine.handle(TurnInput(conversationID: "c", text: "what about order 000000103?"))
        #expect(!third.verified)
        #expect(!third.reply.contains("pending"))
    }

    @Test func aVouchedCustomerSeesOnlyTheirOwnOrders() async {
        let engine = Self.engine(Self.store)
        let customer = CustomerContext(email: "jane.doe@example.com", verified: true)
        let own = await engine.handle(TurnInput(conversationID: "c", text: "where is order 000000101", customer: customer))
        #expect(own.verified)
        let other = await engine.handle(TurnInput(conversationID: "d", text: "where is order 000000103", customer: customer))
        let unknown = await engine.handle(TurnInput(conversationID: "e", text: "where is order 000000999", customer: customer))
        #expect(!other.verified)
        #expect(other.reply.replacingOccurrences(of: "000000103", with: "N") == unknown.reply.replacingOccurrences(of: "000000999", with: "N"))
    }

    @Test func anUnreachableStoreIsAHandoffWithAnApology() async {
        let engine = Self.engine(InMemoryStoreBackend(orders: [], failure: .unreachable("connection refused")))
        _ = await engine.handle(TurnInput(conversationID: "c", text: "where is order 000000101"))
        let result = await engine.handle(TurnInput(conversationID: "c", text: "jane.doe@example.com"))
        #expect(result.handoff?.reason == .backendUnavailable)
        #expect(result.handoff?.summary.contains("000000101") == true)
        #expect(result.lookups.map(\.outcome) == [.error])
        #expect(result.reply.lowercased().contains("sorry"))
    }

    @Test func resetAndIdleTimeoutForgetTheVerification() async {
        let clock = Mutex(Date(timeIntervalSince1970: 1_000_000))
        let engine = Self.engine(Self.store, now: { clock.withLock { $0 } })
        _ = await engine.handle(TurnInput(conversationID: "c", text: "where is order 000000101"))
        #expect(await engine.handle(TurnInput(conversationID: "c", text: "jane.doe@example.com")).verified)
        clock.withLock { $0 += 31 * 60 }
        let later = await engine.handle(TurnInput(conversationID: "c", text: "where is order 000000101"))
        #expect(!later.verified)
        #expect(later.awaiting == .email)
        #expect(await engine.handle(TurnInput(conversationID: "c", text: "jane.doe@example.com")).verified)
        let reset = await engine.handle(TurnInput(conversationID: "c", text: "where is order 000000101", reset: true))
        #expect(!reset.verified)
    }

    @Test func smallTalkAsksNothing() async {
        let engine = Self.engine(Self.store)
        for text in ["hello there", "thank you so much", "goodbye"] {
            let result = await engine.handle(TurnInput(conversationID: "c", text: text))
            #expect(result.awaiting == nil)
            #expect(result.handoff == nil)
            #expect(!result.reply.isEmpty)
        }
        let human = await engine.handle(TurnInput(conversationID: "c", text: "can I talk to a human please"))
        #expect(human.handoff?.reason == .customerRequest)
    }
}

@Suite struct HandoffPayloadTests {
    @Test func aHandoffCarriesWhatTheAgentNeeds() async {
        let backend = InMemoryStoreBackend(orders: [ConversationEngineTests.janesSecondOrder])
        let engine = ConversationEngineTests.engine(backend)
        _ = await engine.handle(TurnInput(conversationID: "h", text: "please cancel order 000000102"))
        let result = await engine.handle(TurnInput(conversationID: "h", text: "jane.doe@example.com"))
        let handoff = try! #require(result.handoff)
        #expect(handoff.reason == .actionRequested)
        #expect(handoff.order == "000000102")
        #expect(handoff.verification == "email")
        #expect(handoff.slots == ["order_number": "000000102", "email": "jane.doe@example.com"])
        #expect(!result.reply.lowercased().contains("has been cancelled"))
    }

    @Test func anUnprovenHandoffSaysSo() async {
        let engine = ConversationEngineTests.engine(InMemoryStoreBackend(orders: [ConversationEngineTests.janesOrder]))
        _ = await engine.handle(TurnInput(conversationID: "u", text: "where is order 000000101"))
        let result = await engine.handle(TurnInput(conversationID: "u", text: "I want to talk to a human"))
        #expect(result.handoff?.reason == .customerRequest)
        #expect(result.handoff?.verification == "none")
        #expect(result.handoff?.order == "000000101")
    }
}
