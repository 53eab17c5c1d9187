import Foundation
import MailChannel
import Testing

/// The test messages read back: what each client shape, encoding and charset gives as subject,
/// sender and text.
@Suite struct MailMessageTests {
    static let question = "Hello,\n\nwhere is my order 000000101? It was supposed to arrive last week.\n\nThanks,\nJane"

    @Test func theGeneratorReproducesTheCommittedMessages() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("magedesk-mail-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: output) }
        _ = try Python.run([MailFixtures.folder.appendingPathComponent("generate.py").path, output.path])
        let generated = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        let committed = try FileManager.default.contentsOfDirectory(atPath: MailFixtures.folder.appendingPathComponent("generated").path).sorted()
        #expect(generated == committed)
        for name in generated {
            let fresh = try Data(contentsOf: output.appendingPathComponent(name))
            let kept = try Data(contentsOf: MailFixtures.folder.appendingPathComponent("generated/\(name)"))
            #expect(fresh == kept, "\(name) differs from what generate.py writes: run it and commit the result")
        }
    }

    @Test(arguments: ["plain-qp", "plain-base64", "plain-7bit-ascii", "alternative", "attachment", "crlf", "html-only"])
    func eachTransferEncodingAndStructureGivesTheSameText(name: String) throws {
        let message = try MailFixtures.message(name)
        let text = message.text
        #expect(text.hasPrefix(Self.question), "\(name): \(text)")
        #expect(message.subject == "Where is my order?")
        #expect(message.from == [MailAddress(name: "Jane Doe", address: "jane.doe@example.com")])
        // The attached invoice's and note's order numbers are not the customer's words.
        #expect(!text.contains("000000999") && !text.contains("000000888"))
    }

    @Test func eightBitAndQuotedPrintableUTF8KeepTheirCharacters() throws {
        #expect(try MailFixtures.message("plain-8bit").text.contains("Cheers – thanks,"))
        #expect(try MailFixtures.message("plain-qp").text.hasSuffix("Café au lait is not what I ordered."))
    }

    @Test func germanMailInLatin1() throws {
        let qp = try MailFixtures.message("german-latin1-qp")
        #expect(qp.text.hasSuffix("Viele Grüße\nMax Müller"))
        #expect(qp.subject == "Wo ist meine Bestellung? Grüße")
        #expect(qp.from.first == MailAddress(name: "Max Müller", address: "max.mustermann@example.de"))
        #expect(try MailFixtures.message("german-latin1-8bit").text.contains("Grüße"))
    }

    @Test func latin9AndWindows1252() throws {
        #expect(try MailFixtures.message("latin9-euro").text.contains("Ich habe 84,00 € bezahlt"))
        #expect(try MailFixtures.message("latin9-euro").text.contains("Šime"))
        #expect(try MailFixtures.message("windows-1252").text.contains("I can’t find my order 000000101 – where is it? “Shipped”, it says…"))
        #expect(try MailFixtures.message("windows-1252-8bit").text.contains("I can’t find my order 000000101 – where is it?"))
    }

    @Test func encodedWordSubjectsAndFoldedHeaders() throws {
        #expect(try MailFixtures.message("subject-b").subject == "Wo ist meine Bestellung? — Dringend üöä")
        #expect(try MailFixtures.message("subject-q").subject == "Café order question")
        let folded = try MailFixtures.message("folded-headers")
        #expect(folded.subject == "A rather long subject line about my order that a mail client will fold over two lines")
        #expect(folded.from == [MailAddress(name: "Doe, Jane (private)", address: "jane.doe@example.com")])
        #expect(folded.references == ["root-thread@mail.example.com", "second@mail.example.com", "third@mail.example.com"])
    }

    @Test func gmailPrefersThePlainTextAndKeepsTheSignature() throws {
        let message = try MailFixtures.message("gmail")
        #expect(message.text.hasPrefix("Hi there,\n\nwhere is my order #000000101? I ordered it two weeks ago and the tracking page hasn’t changed since."))
        #expect(message.text.hasSuffix("\n-- \nJane Doe\n+1 914 555 0147"))
        let html = try #require(message.root.parts.last)
        #expect(
            HTMLText.render(html.decodedText)
                == "Hi there,\n\nwhere is my order #000000101? I ordered it two weeks ago and the tracking page hasn’t changed since.\n\nBest,\nJane\n\n--\nJane Doe\n+1 914 555 0147")
    }

    @Test func gmailReplyQuotesTheThreadInBothAlternatives() throws {
        let message = try MailFixtures.message("gmail-reply")
        #expect(message.text.hasPrefix("It’s the email I ordered with: jane.doe@example.com\n\nOn Tue, Dec 2, 2025 at 10:14\u{202F}AM Shop Support <support@shop.example> wrote:\n\n> Got it."))
        let html = HTMLText.render(try #require(message.root.parts.last).decodedText)
        #expect(
            html == """
                It’s the email I ordered with: jane.doe@example.com

                On Tue, Dec 2, 2025 at 10:14\u{202F}AM Shop Support <support@shop.example> wrote:
                > Got it. Before I share any details, what is the email address on order 000000101, or its billing postcode?
                """)
        #expect(message.references == ["CAF8nZ1x7Zk3+Qw4u0h2bYt5vQ=k1Xw@mail.gmail.com", "magedesk.1x2y3z.4a5b6c@shop.example"])
    }

    @Test func outlookForWindowsInLatin1WithItsReplyHeader() throws {
        let message = try MailFixtures.message("outlook")
        #expect(message.from.first == MailAddress(name: "Max Müller", address: "max.mustermann@example.de"))
        #expect(message.subject == "AW: Ihre Bestellung 000000104")
        #expect(message.text.hasPrefix("Hallo,\n\nwo bleibt meine Bestellung 000000104? Die Regenjacke fehlt immer noch.\n\nMit freundlichen Grüßen\nMax Müller"))
        let html = HTMLText.render(try #require(message.root.parts.last).decodedText)
        #expect(
            html == """
                Hallo,

                wo bleibt meine Bestellung 000000104? Die Regenjacke fehlt immer noch.

                Mit freundlichen Grüßen
                Max Müller

                > Von: Shop Support <support@shop.example>
                > Gesendet: Dienstag, 2. Dezember 2025 18:40
                > An: Max Müller <max.mustermann@example.de>
                > Betreff: Ihre Bestellung 000000104
                >
                > Ihre Bestellung 000000104 wurde versandt.
                """)
    }

    @Test func outlookOnTheWebHTMLOnlyInWindows1252() throws {
        let message = try MailFixtures.message("outlook-web")
        #expect(
            message.text == """
                Hello,

                Has the refund for order 000000106 gone through yet? It’s been a week – I paid £54.00.

                Chloe
                > From: Shop Support <support@shop.example>
                > Sent: Wednesday, December 3, 2025 17:05
                > To: Chloe Zhang <chloe.zhang@example.com>
                > Subject: Your refund
                >
                > Your order 000000106 has been refunded & closed.
                """)
    }

    @Test func appleMailWithAnInlinePictureAndItsReply() throws {
        let message = try MailFixtures.message("apple-mail")
        #expect(message.text == "Hello,\n\ncould you send me the invoice for order 000000101? I need it for my expense report.\n\nThank you!\nJane\n\nSent from my iPhone")
        let related = try #require(message.root.parts.last)
        #expect(related.contentType.type == "multipart/related")
        #expect(
            HTMLText.render(related.parts[0].decodedText)
                == "Hello,\n\ncould you send me the invoice for order 000000101? I need it for my expense report.\n\nThank you!\nJane\n\nSent from my iPhone")
        let reply = try MailFixtures.message("apple-mail-reply")
        #expect(reply.text.hasPrefix("My billing postcode is 10577.\n\n> On 5 Dec 2025, at 11:48, Shop Support <support@shop.example> wrote:"))
        #expect(
            HTMLText.render(try #require(reply.root.parts.last).decodedText)
                == "My billing postcode is 10577.\n\n> On 5 Dec 2025, at 11:48, Shop Support <support@shop.example> wrote:\n>\n> Got it. Before I share any details, what is the email address on order 000000101, or its billing postcode?")
    }

    @Test func thunderbirdFormatFlowedIsJoinedBack() throws {
        let message = try MailFixtures.message("thunderbird")
        #expect(
            message.text == """
                Hello,

                my order 000000101 still hasn’t arrived. Could you check where it is? The tracking page says it left the depot on Monday – nothing since.

                Thanks,
                Jane

                On 12/5/25 6:40 PM, Shop Support wrote:
                > Thanks for your order 000000101. We will let you know when it ships, usually within two working days.
                >
                > Your shop team
                """ + "\n\n-- \nJane Doe")
    }

    @Test func unreadableInputIsRefusedWithAReason() {
        #expect(throws: MailReadError.empty) { try MailMessage(Array(" \n\r\n".utf8)) }
        #expect(throws: MailReadError.notAMessage) { try MailMessage(Array("where is my order 000000101?\n".utf8)) }
        #expect(throws: MailReadError.notAMessage) { try MailMessage(Array("Subject: no sender\n\nbody\n".utf8)) }
        #expect(throws: MailReadError.noSender) {
            try MailTurn(try MailMessage(Array("From: undisclosed-recipients:;\nSubject: x\n\nbody\n".utf8)), authentication: nil)
        }
    }

    @Test func anMboxEnvelopeLineAndABodyWithoutBlankLineAreRead() throws {
        let message = try MailMessage(Array("From jane@example.com Mon Dec  1 09:30:00 2025\nFrom: jane@example.com\nSubject: Hi\n\nwhere is 000000101?\n".utf8))
        #expect(message.subject == "Hi")
        #expect(message.text == "where is 000000101?")
    }

    @Test func nestingIsBoundedSoACraftedMessageCannotRecurseForever() throws {
        var text = "From: jane@example.com\nContent-Type: multipart/mixed; boundary=b0\n\n"
        for level in 0..<200 { text += "--b\(level)\nContent-Type: multipart/mixed; boundary=b\(level + 1)\n\n" }
        text += "--b200\nContent-Type: text/plain\n\ndeep\n"
        let message = try MailMessage(Array(text.utf8))
        #expect(message.text == "")
    }
}
