import Assistant
import Foundation
import MagentoWire
import MailChannel
import Testing

/// The reply as a message, read back by Python's email package (a parser that is not magedesk's).
@Suite struct MailReplyTests {
    static let from = MailAddress(name: "Shop Support", address: "support@shop.example")

    /// Python parses `message` and prints a JSON object of its headers (decoded) and body.
    static func parsedByPython(_ message: String) throws -> WireValue {
        let script = """
            import sys, json, email
            from email import policy
            raw = sys.stdin.buffer.read()
            m = email.message_from_bytes(raw, policy=policy.default)
            headers = {}
            for name in ['From', 'To', 'Subject', 'In-Reply-To', 'References', 'Message-ID', 'Date', 'Auto-Submitted',
                         'MIME-Version', 'Content-Type', 'Content-Transfer-Encoding', 'X-Magedesk-Handoff', 'X-Magedesk-Summary']:
                values = m.get_all(name)
                headers[name] = None if values is None else [str(v) for v in values]
            date = email.utils.parsedate_to_datetime(m['Date'])
            to = email.utils.getaddresses([m['To']])[0]
            print(json.dumps({'headers': headers, 'body': m.get_content(), 'charset': m.get_content_charset(),
                              'content_type': m.get_content_type(),
                              'defects': [type(d).__name__ for d in m.defects], 'to': list(to), 'date_year': date.year,
                              'lines': [len(line) for line in raw.split(b'\\n')]}))
            """
        return try JSON.parse(try Python.run(["-c", script], input: Data(message.utf8)))
    }

    func result(_ reply: String, handoff: Handoff? = nil) -> TurnResult {
        TurnResult(
            conversationID: "mail:x", reply: reply, intent: IntentPrediction(name: "order_status", confidence: 0.9), slots: [:], awaiting: nil,
            verified: false, handoff: handoff, lookups: [])
    }

    @Test func aPlainAnswerReadsBackHeaderByHeader() throws {
        let turn = try MailTurn(try MailFixtures.message("reply-with-proof"), authentication: nil)
        let date = Date(timeIntervalSince1970: 1_764_581_400)  // 2025-12-01 09:30:00 UTC
        let reply = MailReply(from: Self.from, turn: turn, result: result("Your order 000000101 is shipped."), date: date)
        let parsed = try Self.parsedByPython(reply.rendered())
        let headers = parsed["headers"]
        #expect(parsed["defects"].elements.isEmpty)
        #expect(headers["From"][0].string == "Shop Support <support@shop.example>")
        #expect(headers["To"][0].string == "Jane Doe <jane.doe@example.com>")
        #expect(headers["Subject"][0].string == "Re: Where is my order?")
        #expect(headers["In-Reply-To"][0].string == "<gen-29@mail.example.com>")
        #expect(headers["References"][0].string == "<gen-11@mail.example.com> <magedesk.first-reply@shop.example> <gen-29@mail.example.com>")
        let messageID = try #require(headers["Message-ID"][0].string)
        #expect(messageID.hasPrefix("<magedesk.") && messageID.hasSuffix("@shop.example>"))
        #expect(parsed["date_year"].int == 2025)
        #expect(headers["Auto-Submitted"][0].string == "auto-replied")
        #expect(headers["MIME-Version"][0].string == "1.0")
        #expect(parsed["content_type"].string == "text/plain")
        #expect(parsed["charset"].string == "utf-8")
        #expect(headers["Content-Transfer-Encoding"][0].string == "7bit")
        #expect(headers["X-Magedesk-Handoff"] == .null)
        #expect(parsed["body"].string == "Your order 000000101 is shipped.\n")
        // Every id is new.
        #expect(MailReply(from: Self.from, turn: turn, result: result("x")).messageID != reply.messageID)
    }

    @Test func longLinesAndNonASCIIGoQuotedPrintableAndAHandoffIsFlagged() throws {
        let turn = try MailTurn(try MailFixtures.message("german-latin1-qp"), authentication: nil)
        let text = "Es tut mir leid, ich kann unser Bestellsystem gerade nicht erreichen. Ich habe Ihre Frage an unser Team weitergegeben, und jemand meldet sich in Kürze bei Ihnen."
        let summary = "Magento nicht erreichbar während der Frage nach Bestellung 000000104 von Max Müller — bitte zurückrufen, es eilt sehr, sagt der Kunde"
        let handoff = Handoff(reason: .backendUnavailable, summary: summary, order: "000000104")
        let rendered = MailReply(from: MailAddress(name: "Shop Kundendienst", address: "service@shop.example"), turn: turn, result: result(text, handoff: handoff)).rendered()
        let parsed = try Self.parsedByPython(rendered)
        let headers = parsed["headers"]
        #expect(parsed["defects"].elements.isEmpty)
        #expect(headers["To"][0].string == "Max Müller <max.mustermann@example.de>")
        #expect(headers["Subject"][0].string == "Re: Wo ist meine Bestellung? Grüße")
        #expect(headers["Content-Transfer-Encoding"][0].string == "quoted-printable")
        #expect(headers["X-Magedesk-Handoff"][0].string == "backend_unavailable")
        // One header, however long, decoded back to the summary exactly.
        #expect(headers["X-Magedesk-Summary"].elements.count == 1)
        #expect(headers["X-Magedesk-Summary"][0].string == summary)
        #expect(parsed["body"].string == text + "\n")
        // Every line of the message fits the 78-character recommendation and the raw message is ASCII.
        #expect(parsed["lines"].elements.allSatisfy { ($0.int ?? 999) <= 78 })
        #expect(rendered.utf8.allSatisfy { $0 < 0x80 })
    }

    @Test func datesAreRFC5322InEnglish() {
        let date = Date(timeIntervalSince1970: 1_764_581_400)
        #expect(MailReply.dateText(date, timeZone: TimeZone(secondsFromGMT: 0)!) == "Mon, 01 Dec 2025 09:30:00 +0000")
        #expect(MailReply.dateText(date, timeZone: TimeZone(secondsFromGMT: -(5 * 3600 + 30 * 60))!) == "Mon, 01 Dec 2025 04:00:00 -0530")
    }
}
