import Foundation
import MailChannel
import Testing

@Suite struct TransferEncodingTests {
    @Test func quotedPrintableJoinsSoftBreaksAndDecodesBytes() {
        let encoded = "Viele Gr=FC=DFe, das ist eine lange Zeile, die umbrochen =\nwurde.   \nA=3DB =\r\nend"
        let decoded = TransferEncoding.decodeQuotedPrintable(Array(encoded.utf8))
        #expect(Charset.iso8859_1.decode(decoded) == "Viele Grüße, das ist eine lange Zeile, die umbrochen wurde.\nA=B end")
    }

    @Test func malformedQuotedPrintableKeepsTheText() {
        #expect(String(decoding: TransferEncoding.decodeQuotedPrintable(Array("100% =ZZ sure =".utf8)), as: UTF8.self) == "100% =ZZ sure ")
    }

    @Test func base64SkipsLineBreaksAndJunk() {
        let encoded = "SGVsbG8s\r\nIHdvcmxk\nIQ==\n"
        #expect(String(decoding: TransferEncoding.decodeBase64(Array(encoded.utf8)), as: UTF8.self) == "Hello, world!")
        #expect(String(decoding: TransferEncoding.decodeBase64(Array("SGk".utf8)), as: UTF8.self) == "Hi")
    }

    @Test func encodedQuotedPrintableHasShortLinesAndDecodesBack() throws {
        let text = "Ihre Bestellung 000000104 vom 12. Mai 2025 ist in Bearbeitung. Sendungsverfolgung: DHL 00340434161234567890 — Grüße 😀 = gleich \nnext line \n"
        let encoded = TransferEncoding.encodeQuotedPrintable(text)
        for line in encoded.split(separator: "\n") {
            #expect(line.utf8.count <= 76, "\(line)")
            #expect(line.utf8.allSatisfy { $0 < 0x80 })
            #expect(line.last != " ")
        }
        #expect(String(decoding: TransferEncoding.decodeQuotedPrintable(Array(encoded.utf8)), as: UTF8.self) == text)
        // Python's quopri reads it the same way.
        let python = try Python.run(["-c", "import sys, quopri; sys.stdout.buffer.write(quopri.decodestring(sys.stdin.buffer.read()))"], input: Data(encoded.utf8))
        #expect(python == text)
    }
}

@Suite struct EncodedWordsTests {
    @Test func decodesBAndQInAnyCharset() {
        #expect(EncodedWords.decode("=?UTF-8?B?V28gaXN0IG1laW5lIEJlc3RlbGx1bmc/?=") == "Wo ist meine Bestellung?")
        #expect(EncodedWords.decode("=?iso-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=") == "Grüße aus Köln")
        #expect(EncodedWords.decode("=?windows-1252?q?=93quoted=94?=") == "“quoted”")
        #expect(EncodedWords.decode("=?utf-8*de?q?Gr=C3=BC=C3=9Fe?=") == "Grüße")
    }

    @Test func spaceBetweenAdjacentWordsIsDropped() {
        #expect(EncodedWords.decode("=?utf-8?q?Wo_ist?= =?utf-8?q?_meine?=\n =?utf-8?q?_Bestellung?=") == "Wo ist meine Bestellung")
        #expect(EncodedWords.decode("Re: =?utf-8?q?Caf=C3=A9?= order") == "Re: Café order")
    }

    @Test func aCharacterSplitBetweenTwoWordsSurvives() {
        // "ü" is C3 BC; a sender split it across two B words.
        #expect(EncodedWords.decode("=?UTF-8?B?R3LD?= =?UTF-8?B?vA==?=") == "Grü")
    }

    @Test func textThatOnlyLooksEncodedStays() {
        #expect(EncodedWords.decode("=?not an encoded word?=") == "=?not an encoded word?=")
        #expect(EncodedWords.decode("a =? b") == "a =? b")
    }

    @Test func encodingRoundTripsInShortWords() throws {
        let subject = "Re: Wo ist meine Bestellung 000000104? Grüße aus München – Max Müller, der schon lange wartet 😀"
        let encoded = EncodedWords.encode(subject, firstRoom: 66)
        for (index, line) in encoded.split(separator: "\n").enumerated() {
            let word = line.trimmingCharacters(in: .whitespaces)
            #expect(word.count <= (index == 0 ? 66 : 75))
            #expect(word.hasPrefix("=?utf-8?q?") && word.hasSuffix("?="))
        }
        #expect(EncodedWords.decode(encoded) == subject)
        let python = try Python.run(
            ["-c", "import sys; from email.header import decode_header, make_header; print(str(make_header(decode_header(sys.stdin.read()))), end='')"],
            input: Data(encoded.utf8))
        #expect(python == subject)
    }
}

@Suite struct MailAddressTests {
    @Test func readsTheFormsClientsWrite() {
        #expect(MailAddress.list("Jane Doe <jane.doe@example.com>") == [MailAddress(name: "Jane Doe", address: "jane.doe@example.com")])
        #expect(MailAddress.list(#""Doe, Jane" <jane.doe@example.com>"#) == [MailAddress(name: "Doe, Jane", address: "jane.doe@example.com")])
        #expect(MailAddress.list("jane.doe@example.com (Jane Doe)") == [MailAddress(name: "Jane Doe", address: "jane.doe@example.com")])
        #expect(MailAddress.list("<jane.doe@example.com>") == [MailAddress(address: "jane.doe@example.com")])
        #expect(MailAddress.list("=?iso-8859-1?Q?Max_M=FCller?= <max@example.de>") == [MailAddress(name: "Max Müller", address: "max@example.de")])
        #expect(MailAddress.list("a@example.com, \"B, b\" <b@example.com>").map(\.address) == ["a@example.com", "b@example.com"])
        #expect(MailAddress.list("undisclosed-recipients:;").isEmpty)
        #expect(MailAddress.list("Team: a@example.com, b@example.com;").map(\.address) == ["a@example.com", "b@example.com"])
        #expect(MailAddress.list("MAILER-DAEMON@mx.example.com (Mail Delivery System)").first?.address == "MAILER-DAEMON@mx.example.com")
    }

    @Test func headerTextQuotesOrEncodesOnlyWhenNeeded() {
        #expect(MailAddress(name: "Jane Doe", address: "j@example.com").headerText == "Jane Doe <j@example.com>")
        #expect(MailAddress(name: "Doe, Jane", address: "j@example.com").headerText == #""Doe, Jane" <j@example.com>"#)
        #expect(MailAddress(name: "Max Müller", address: "m@example.de").headerText == "=?utf-8?q?Max_M=C3=BCller?= <m@example.de>")
        #expect(MailAddress(address: "j@example.com").headerText == "j@example.com")
    }

    @Test func messageIDsKeepTheirOrder() {
        #expect(MessageIDs.parse("<a@x>\n <b@y>\t<c@z>") == ["a@x", "b@y", "c@z"])
        #expect(MessageIDs.parse("a@x") == ["a@x"])
        #expect(MessageIDs.parse(nil) == [])
    }
}
