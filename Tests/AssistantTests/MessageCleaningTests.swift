import Assistant
import Testing

@Suite struct MessageCleaningTests {
    @Test func quotedThreadsAndReplyHeadersAreNotRead() {
        let email = """
            Hi, my parcel still hasn't arrived.

            On Tue, Mar 4, 2025 at 10:12 AM Support <support@shop.example> wrote:
            > Thanks for your order! We hope you enjoy it. Have a great day, goodbye!
            """
        #expect(MessageCleaning.forClassification(email) == "my parcel still hasn't arrived.")
        let outlook = "Where is my order?\nFrom: Shop <shop@example.com>\nSent: Monday\nSubject: Thank you for your order"
        #expect(MessageCleaning.forClassification(outlook) == "Where is my order?")
        let german = "Wo bleibt meine Lieferung?\nAm 04.03.2025 um 10:12 schrieb Shop <shop@example.de>:\n> Vielen Dank"
        #expect(MessageCleaning.forClassification(german) == "Wo bleibt meine Lieferung?")
        let inline = "> Your order has shipped.\nIt has not arrived yet, where is it?"
        #expect(MessageCleaning.forClassification(inline) == "It has not arrived yet, where is it?")
    }

    @Test func signaturesUnderAClosingAreNotRead() {
        #expect(MessageCleaning.forClassification("where is my order 000000101?\nThanks,\nMaria Lopez\n+1 555 0100") == "where is my order 000000101?")
        #expect(MessageCleaning.forClassification("Ich möchte stornieren.\nMit freundlichen Grüßen\nMax") == "Ich möchte stornieren.")
        #expect(MessageCleaning.forClassification("please cancel it\n-- \nJohn\nACME Ltd") == "please cancel it")
        #expect(MessageCleaning.forClassification("has it shipped?\n\nSent from my iPhone") == "has it shipped?")
    }

    @Test func aMessageThatIsOnlyAClosingStaysWhole() {
        #expect(MessageCleaning.forClassification("Thanks,\nMaria") == "Thanks,\nMaria")
        #expect(MessageCleaning.forClassification("thanks!") == "thanks!")
    }

    @Test func anEmailPastedAsOneLineLosesItsSalutationAndClosing() {
        #expect(
            MessageCleaning.forClassification("Hi there, the app says processing for a week now. What is going on with order 000000512? Thanks, Leo")
                == "the app says processing for a week now. What is going on with order 000000512?")
        #expect(MessageCleaning.forClassification("Hey - quick one: has it gone out yet?") == "quick one: has it gone out yet?")
        #expect(MessageCleaning.forClassification("Dear team, please cancel my order. Best regards, Anna Maria Schmidt") == "please cancel my order.")
        #expect(MessageCleaning.forClassification("Hallo, wo bleibt meine Bestellung vom Montag? Viele Grüße, Jana") == "wo bleibt meine Bestellung vom Montag?")
    }

    @Test func aShortMessageKeepsItsSmallTalk() {
        for kept in [
            "hey, how's it going", "hello, hope you're well", "great talk, thanks", "thanks for your help, goodbye!",
            "Hi, where is it?", "ok. thanks", "hi-fi speaker broke and I want to return it please", "Hello",
        ] {
            #expect(MessageCleaning.forClassification(kept) == kept)
        }
    }

    @Test func theIntentIsReadFromTheNewWordsOnly() {
        let catalog = ConversationEngineTests.catalog
        let email = "Where is my package? It was due on Friday.\nThanks,\nMaria\n\nOn Mon, Mar 3 Shop wrote:\n> Thank you! Goodbye and have a nice day."
        #expect(catalog.classify(email, locale: "en", threshold: 0.25).name == "order_status")
    }
}
