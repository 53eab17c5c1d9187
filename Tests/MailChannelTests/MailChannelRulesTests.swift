import Assistant
import Foundation
import MailChannel
import Testing

@Suite struct LoopGuardTests {
    let guardRules = LoopGuard(storeAddresses: StoreAddresses(["support@shop.example"]))

    @Test(arguments: [
        ("auto-reply", LoopGuard.Reason.autoSubmitted), ("vacation", .autoSubmitted), ("bounce", .bounce),
        ("bounce-empty-return-path", .bounce), ("list", .list), ("bulk", .list), ("own-address", .ownAddress),
        ("no-reply-sender", .ownAddress),
    ])
    func messagesFromProgramsAreNotAnswered(name: String, reason: LoopGuard.Reason) throws {
        #expect(guardRules.reason(toIgnore: try MailFixtures.message(name)) == reason)
    }

    @Test(arguments: ["plain-qp", "gmail", "outlook", "outlook-web", "apple-mail", "thunderbird", "german-latin1-qp", "dmarc-pass"])
    func customersAreAnswered(name: String) throws {
        #expect(guardRules.reason(toIgnore: try MailFixtures.message(name)) == nil)
    }

    @Test func autoSubmittedNoIsAPerson() throws {
        let message = try MailMessage(Array("From: jane@example.com\nAuto-Submitted: no\n\nwhere is my order?\n".utf8))
        #expect(guardRules.reason(toIgnore: message) == nil)
        let replyToSelf = try MailMessage(Array("From: jane@example.com\nReply-To: Support <SUPPORT@shop.example>\n\nhi\n".utf8))
        #expect(guardRules.reason(toIgnore: replyToSelf) == .ownAddress)
        let postmaster = try MailMessage(Array("From: postmaster@example.com\n\nhi\n".utf8))
        #expect(guardRules.reason(toIgnore: postmaster) == .bounce)
    }
}

@Suite struct SenderAuthenticationTests {
    let server = SenderAuthentication(authservID: "MX.shop.example")

    @Test func onlyAPassFromTheStoresServerForTheFromDomainCounts() throws {
        #expect(server.vouchesFor(try MailFixtures.message("dmarc-pass")))
        #expect(server.vouchesFor(try MailFixtures.message("gmail")))
        #expect(!server.vouchesFor(try MailFixtures.message("dmarc-fail")))
        #expect(!server.vouchesFor(try MailFixtures.message("dmarc-other-server")))
        #expect(!server.vouchesFor(try MailFixtures.message("dmarc-pass-other-domain")))
        // The topmost header from the store's server decides; a pass below a fail is not believed.
        #expect(!server.vouchesFor(try MailFixtures.message("dmarc-pass-below-forged")))
        #expect(!server.vouchesFor(try MailFixtures.message("plain-qp")))
        #expect(!SenderAuthentication(authservID: "mx.other.example").vouchesFor(try MailFixtures.message("dmarc-pass")))
    }

    @Test func aMessageWithTwoAuthorsIsNeverVouchedFor() throws {
        let text = """
            Authentication-Results: mx.shop.example; dmarc=pass header.from=example.com
            From: jane.doe@example.com, other@example.com

            hi
            """
        #expect(!server.vouchesFor(try MailMessage(Array(text.utf8))))
    }

    @Test func turnsAreVerifiedOnlyWhenTheServerVouches() throws {
        let vouched = try MailTurn(try MailFixtures.message("dmarc-pass"), authentication: server)
        #expect(vouched.input.customer == CustomerContext(email: "jane.doe@example.com", verified: true, name: "Jane Doe"))
        let notConfigured = try MailTurn(try MailFixtures.message("dmarc-pass"), authentication: nil)
        #expect(notConfigured.input.customer?.verified == false)
        #expect(try MailTurn(try MailFixtures.message("dmarc-fail"), authentication: server).input.customer?.verified == false)
    }
}

@Suite struct MailTurnTests {
    @Test func theTurnCarriesSubjectTextAndUnverifiedSender() throws {
        let turn = try MailTurn(try MailFixtures.message("german-latin1-qp"), authentication: nil)
        #expect(turn.input.subject == "Wo ist meine Bestellung? Grüße")
        #expect(turn.input.text.hasPrefix("Hallo,\n\nwo ist meine Bestellung 000000104?"))
        #expect(turn.input.customer == CustomerContext(email: "max.mustermann@example.de", verified: false, name: "Max Müller"))
        #expect(turn.to == MailAddress(name: "Max Müller", address: "max.mustermann@example.de"))
        #expect(turn.subject == "Re: Wo ist meine Bestellung? Grüße")
        #expect(turn.inReplyTo == "gen-05@mail.example.com")
        #expect(turn.references == ["gen-05@mail.example.com"])
    }

    @Test func theConversationIsTheThreadsRootAndTheSender() throws {
        let first = try MailTurn(try MailFixtures.message("alternative"), authentication: nil)
        let reply = try MailTurn(try MailFixtures.message("reply-with-proof"), authentication: nil)
        #expect(first.input.conversationID == reply.input.conversationID)
        #expect(first.input.conversationID.hasPrefix("mail:gen-11@mail.example.com:"))
        #expect(reply.references == ["gen-11@mail.example.com", "magedesk.first-reply@shop.example", "gen-29@mail.example.com"])
        // Someone else replying into the thread does not join the customer's conversation.
        var stranger = try String(contentsOf: MailFixtures.folder.appendingPathComponent("generated/reply-with-proof.eml"), encoding: .utf8)
        stranger = stranger.replacingOccurrences(of: "From: Jane Doe <jane.doe@example.com>", with: "From: Eve <eve@example.net>")
        let strangerTurn = try MailTurn(try MailMessage(Array(stranger.utf8)), authentication: nil)
        #expect(strangerTurn.input.conversationID != first.input.conversationID)
        // No References: In-Reply-To is the root.
        let inReplyTo = try MailMessage(Array("From: jane@example.com\nIn-Reply-To: <q@shop.example>\nMessage-ID: <r@example.com>\n\nx\n".utf8))
        #expect(try MailTurn(inReplyTo, authentication: nil).input.conversationID.hasPrefix("mail:q@shop.example:"))
        // Nor any id at all: still one stable conversation per message.
        let bare = Array("From: jane@example.com\nSubject: hi\n\nx\n".utf8)
        #expect(try MailTurn(try MailMessage(bare), authentication: nil).input.conversationID == MailTurn(try MailMessage(bare), authentication: nil).input.conversationID)
    }

    @Test func replyToWinsOverFrom() throws {
        let message = try MailMessage(Array("From: Jane <jane@example.com>\nReply-To: Jane at work <jane@work.example>\n\nx\n".utf8))
        let turn = try MailTurn(message, authentication: nil)
        #expect(turn.to.address == "jane@work.example")
        #expect(turn.input.customer?.email == "jane@example.com")
    }

    @Test func replySubjectsNeverStackPrefixes() {
        #expect(MailTurn.replySubject("Where is my order?") == "Re: Where is my order?")
        #expect(MailTurn.replySubject("Re: Where is my order?") == "Re: Where is my order?")
        #expect(MailTurn.replySubject("RE: Re: re:Where") == "Re: Where")
        #expect(MailTurn.replySubject("AW: Ihre Bestellung") == "Re: Ihre Bestellung")
        #expect(MailTurn.replySubject("Re[2]: Antw: SV: Hej") == "Re: Hej")
        #expect(MailTurn.replySubject("Fwd: invoice") == "Re: Fwd: invoice")
        #expect(MailTurn.replySubject("Return policy") == "Re: Return policy")
        #expect(MailTurn.replySubject("") == "Re:")
    }

    @Test func aLongThreadKeepsItsRootAndLatestReferences() throws {
        let ids = (0..<40).map { "<m\($0)@example.com>" }.joined(separator: "\n ")
        let message = try MailMessage(Array("From: jane@example.com\nMessage-ID: <new@example.com>\nReferences: \(ids)\n\nx\n".utf8))
        let turn = try MailTurn(message, authentication: nil)
        #expect(turn.references.count == 20)
        #expect(turn.references.first == "m0@example.com")
        #expect(turn.references.last == "new@example.com")
        #expect(turn.input.conversationID.hasPrefix("mail:m0@example.com:"))
    }
}
