import Assistant
import Testing

/// The rules of reading an email, pinned with the team's own examples (never the held-apart sets).
@Suite struct EmailReadingTests {
    let extractor = try! EntityExtractor(storeAddresses: StoreAddresses(["help@lumenhaus.example", "@orders.lumenhaus.example"]))

    @Test func gmailReplyQuotingTheStoreIsThreadNotQuestion() {
        let text = """
            Hi Jenna,

            the tracking page hasn't moved since Friday. Is the parcel lost?

            Kind regards,
            Priya Raman
            18 Elm Court
            Portland, OR 97205

            On Mon, 10 Mar 2025 at 08:02, Lumenhaus Help <help@lumenhaus.example> wrote:
            > Hello Priya, your order 000731904 left our warehouse today.
            > Questions? Write to help@lumenhaus.example or call 555 0100.
            """
        let email = EmailReading(text)
        #expect(email.newWords == "Hi Jenna,\n\nthe tracking page hasn't moved since Friday. Is the parcel lost?")
        #expect(email.signature.first == "Priya Raman")
        #expect(email.thread.hasPrefix("On Mon, 10 Mar 2025"))
        let found = extractor.extract(email)
        #expect(found.orderNumber == "000731904")  // only in the thread: the order the email is about
        #expect(found.email == nil)  // the store's address, quoted: never the customer's
        #expect(found.postcode == "97205")
        #expect(found.name == "Priya Raman")
    }

    @Test func wrappedAttributionAndOutlookHeaderBlockStartTheThread() {
        let wrapped = "Any news?\n\nOn Tue, 11 Mar 2025 at 14:20, Lumenhaus Orders <noreply@\norders.lumenhaus.example> wrote:\n> Thank you"
        #expect(EmailReading(wrapped).newWords == "Any news?")
        let outlook = """
            Please cancel the lamp, I ordered it twice.
            ________________________________
            From: Lumenhaus <help@lumenhaus.example>
            Sent: Wednesday, March 12, 2025 9:00 AM
            To: tomas.berg@example.net
            Subject: Your order 000731977
            """
        let email = EmailReading(outlook)
        #expect(email.newWords == "Please cancel the lamp, I ordered it twice.")
        let found = extractor.extract(email)
        #expect(found.email == nil)  // "To:" in a header block is a header, not the customer writing
        #expect(found.orderNumber == "000731977")
    }

    @Test func germanForwardedConfirmationGivesTheOrderNumberAndNothingElse() {
        let text = """
            Hallo, wann kommt das? Ich bin Jonas Weber.

            ---------- Weitergeleitete Nachricht ---------
            Von: Lumenhaus <bestellung@orders.lumenhaus.example>
            Datum: Do., 13. März 2025 um 10:11 Uhr
            Betreff: Ihre Bestellung 000732011
            An: <jonas.w@example.de>

            Vielen Dank für Ihre Bestellung 000732011. Lieferadresse: Am Markt 3, 04109 Leipzig
            """
        let found = extractor.extract(EmailReading(text))
        #expect(found.orderNumber == "000732011")
        #expect(found.email == nil)
        #expect(found.postcode == nil)  // the confirmation's address is the thread's, not a proof offered
        #expect(found.name == "Jonas Weber")
    }

    @Test func theCustomersOwnNumberWinsOverTheThreads() {
        let text = "It's about 000740001 actually, not the other one.\n\nAm 14.03.2025 um 09:00 schrieb Lumenhaus <help@lumenhaus.example>:\n> Bestellung 000739999"
        #expect(extractor.extract(EmailReading(text)).orderNumber == "000740001")
    }

    @Test func signatureShapesWithoutAClosing() {
        let text = "Where is my parcel? Order 000741122.\n\nMarta Nowak\nMain Street 4\nK1A 0B1 Ottawa\n+1 555 0100"
        let email = EmailReading(text)
        #expect(email.newWords == "Where is my parcel? Order 000741122.")
        let found = extractor.extract(email)
        #expect(found.name == "Marta Nowak")
        #expect(found.postcode == "K1A 0B1")
    }

    @Test func addressBlocksGiveTheirPostcode() {
        for (line, postcode) in [
            ("Hauptstraße 5, 93047 Regensburg", "93047"), ("A-1180 Wien", "1180"), ("D-40213 Düsseldorf", "40213"),
            ("3011 Bern", "3011"), ("75004 Paris", "75004"), ("CH-8004 Zürich", "8004"),
        ] {
            let text = "Bitte schicken Sie mir die Rechnung.\n\nViele Grüße\nLena Vogt\n\(line)"
            #expect(extractor.extract(text).postcode == postcode, "\(line)")
        }
        // A year or a date is no address.
        #expect(extractor.extract("Bestellt am 3. März\n2025 Januar kam nichts").postcode == nil)
    }

    @Test func closingAndNameOnOneLineAndFootersAreNotTheQuestion() {
        let email = EmailReading("can I still change the size?\nThanks, Ola\n\nSent from my iPhone")
        #expect(email.newWords == "can I still change the size?")
        #expect(email.signature == ["Ola"])
        #expect(EmailReading("Wo ist mein Paket?\n\nVon meinem iPhone gesendet").newWords == "Wo ist mein Paket?")
        let legal = "Please send the invoice.\n\nThis email and any attachments are confidential and intended solely for the addressee."
        #expect(EmailReading(legal).newWords == "Please send the invoice.")
    }

    @Test func storeAddressesAndNoReplyAreNeverTheCustomers() {
        #expect(extractor.extract("I already wrote to help@lumenhaus.example about 000742000").email == nil)
        #expect(extractor.extract("my address is noreply@shop.example").email == nil)
        #expect(extractor.extract("mine is ana.silva@example.com, not help@lumenhaus.example").email == "ana.silva@example.com")
        #expect(StoreAddresses(setting: "help@lumenhaus.example, @lumenhaus.example").contains("billing@eu.lumenhaus.example"))
        #expect(!StoreAddresses(setting: "@lumenhaus.example").contains("someone@notlumenhaus.example"))
    }

    @Test func subjectGivesTheOrderNumberWhenTheBodyHasNone() {
        #expect(extractor.extract("where is it??", subject: "Re: Order #000743210").orderNumber == "000743210")
        #expect(extractor.extract("it's 000743211", subject: "Re: Order #000743210").orderNumber == "000743211")
        #expect(MessageCleaning.forClassification("see below", subject: "RE: AW: [Ticket #5521] Refund still missing") == "Refund still missing\nsee below")
        #expect(MessageCleaning.forClassification("hello?", subject: "Re: 000743210") == "hello?")
    }
}
