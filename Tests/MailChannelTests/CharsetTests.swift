import Foundation
import MailChannel
import Testing

@Suite struct CharsetTests {
    @Test func labelsNameTheCharsetsMailArrivesIn() {
        #expect(Charset(label: "UTF-8") == .utf8)
        #expect(Charset(label: "\"utf8\"") == .utf8)
        #expect(Charset(label: "US-ASCII") == .usASCII)
        #expect(Charset(label: "ISO-8859-1") == .iso8859_1)
        #expect(Charset(label: "latin1") == .iso8859_1)
        #expect(Charset(label: "ISO-8859-15") == .iso8859_15)
        #expect(Charset(label: "Windows-1252") == .windows1252)
        #expect(Charset(label: "cp1252") == .windows1252)
        #expect(Charset(label: "koi8-r") == nil)
    }

    @Test func utf8AndASCIIDecode() {
        #expect(Charset.utf8.decode(Array("Grüße €".utf8)) == "Grüße €")
        #expect(Charset.usASCII.decode(Array("plain".utf8)) == "plain")
        // A message labelled US-ASCII that carries 8-bit bytes anyway loses nothing.
        #expect(Charset.usASCII.decode(Array("Grüße".utf8)) == "Grüße")
        #expect(Charset.usASCII.decode([0x47, 0x72, 0xFC, 0xDF, 0x65]) == "Grüße")
        // Invalid UTF-8 becomes the replacement character, not a lost message.
        #expect(Charset.utf8.decode([0x61, 0xFF, 0x62]) == "a\u{FFFD}b")
    }

    @Test func latin1ReadsGermanText() {
        #expect(Charset.iso8859_1.decode([0x47, 0x72, 0xFC, 0xDF, 0x65, 0x20, 0xC4, 0xD6, 0xDC, 0xE4, 0xF6]) == "Grüße ÄÖÜäö")
        // Outlook labels Windows-1252 text ISO-8859-1; its curly quote reads as one.
        #expect(Charset.iso8859_1.decode([0x92]) == "\u{2019}")
    }

    @Test func latin9HasTheEuroAndItsEightOtherLetters() {
        #expect(Charset.iso8859_15.decode([0xA4, 0xA6, 0xA8, 0xB4, 0xB8, 0xBC, 0xBD, 0xBE]) == "€ŠšŽžŒœŸ")
        #expect(Charset.iso8859_15.decode([0xFC, 0xDF]) == "üß")
    }

    @Test func windows1252HasItsPunctuation() {
        #expect(Charset.windows1252.decode([0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x99]) == "€…‘’“”–—™")
        #expect(Charset.windows1252.decode([0xE9, 0xA3]) == "é£")
    }

    @Test func unknownLabelsReadAsUTF8ElseWindows1252() {
        #expect(Charset.decode(Array("Grüße".utf8), label: "x-unknown") == "Grüße")
        #expect(Charset.decode([0x47, 0x72, 0xFC, 0xDF, 0x65], label: "x-unknown") == "Grüße")
        #expect(Charset.decode([0x80], label: nil) == "€")
    }

    /// Every byte of the two tables written by hand agrees with Python's codecs (the five bytes
    /// Windows-1252 leaves undefined excepted: Python refuses them, magedesk keeps their C1 code).
    @Test func tablesMatchPythonsCodecsOnEveryByte() throws {
        for (charset, codec) in [(Charset.iso8859_15, "iso-8859-15"), (.windows1252, "cp1252"), (.iso8859_1, "latin-1")] {
            let script = """
                import sys
                codes = []
                for b in range(256):
                    try: codes.append(str(ord(bytes([b]).decode('\(codec)'))))
                    except UnicodeDecodeError: codes.append('-')
                print(' '.join(codes))
                """
            let expected = try Python.run(["-c", script]).split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            for byte in 0..<256 {
                let decoded = charset.decode([UInt8(byte)]).unicodeScalars.first!.value
                if codec == "latin-1", (0x80...0x9F).contains(byte) {
                    // Read as Windows-1252 on purpose (see Charset).
                    continue
                }
                if expected[byte] == "-" { continue }
                #expect("\(decoded)" == expected[byte], "\(codec) byte \(byte)")
            }
        }
    }
}
