import MailChannel
import Testing

@Suite struct HTMLTextTests {
    @Test func blocksAndBreaksBecomeLinesAndEntitiesAreDecoded() {
        let html = "<div>Hello&nbsp;there,</div><div><br></div><div>where is order #000000101?<br>Gr&uuml;&szlig;e &amp; thanks &#8211; Jane &#x1F600;</div>"
        #expect(HTMLText.render(html) == "Hello there,\n\nwhere is order #000000101?\nGrüße & thanks – Jane 😀")
    }

    @Test func scriptsStylesHeadAndCommentsAreDropped() {
        let html = """
            <html><head><title>Mail</title><style>p { color: red }</style></head>
            <body><!--[if mso]><p>Outlook only</p><![endif]--><script>alert('x')</script><p>Only this</p></body></html>
            """
        #expect(HTMLText.render(html) == "Only this")
    }

    @Test func whitespaceCollapsesOutsidePre() {
        #expect(HTMLText.render("<p>a\n   b\t c</p><pre>x  y\nz</pre>") == "a b c\n\nx  y\nz")
    }

    @Test func paragraphsAreSeparatedButOutlookParagraphsAreLines() {
        #expect(HTMLText.render("<p>First.</p><p>Second.</p>") == "First.\n\nSecond.")
        let outlook = #"<p class="MsoNormal">Hallo,<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p><p class="MsoNormal">Text</p>"#
        #expect(HTMLText.render(outlook) == "Hallo,\n\nText")
    }

    @Test func gmailQuoteKeepsTheAttributionOnItsOwnLine() {
        let html = """
            <div dir="ltr">Here it is: jane.doe@example.com</div><br><div class="gmail_quote gmail_quote_container">\
            <div dir="ltr" class="gmail_attr">On Tue, Dec 2, 2025 at 10:14 AM Shop &lt;support@shop.example&gt; wrote:<br></div>\
            <blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">What is the email on order 000000101?<br>\
            <div class="gmail_quote"><div class="gmail_attr">On Mon, Jane wrote:</div><blockquote class="gmail_quote">where is my order?</blockquote></div>\
            </blockquote></div>
            """
        #expect(
            HTMLText.render(html) == """
                Here it is: jane.doe@example.com

                On Tue, Dec 2, 2025 at 10:14 AM Shop <support@shop.example> wrote:
                > What is the email on order 000000101?
                > On Mon, Jane wrote:
                >> where is my order?
                """)
    }

    @Test func blockquotesOfAppleMailAndThunderbirdAreQuoted() {
        let apple = """
            My billing postcode is 10577.<div><br><blockquote type="cite"><div>On 5 Dec 2025, at 11:48, Shop wrote:</div>\
            <br class="Apple-interchange-newline"><div><div>What is the postcode?</div></div></blockquote></div>
            """
        #expect(HTMLText.render(apple) == "My billing postcode is 10577.\n\n> On 5 Dec 2025, at 11:48, Shop wrote:\n>\n> What is the postcode?")
        let thunderbird = """
            <p>Where is it?</p><div class="moz-cite-prefix">On 12/5/25 6:40 PM, Shop wrote:<br></div>\
            <blockquote type="cite" cite="mid:x@shop.example"><p>Thanks for your order.</p></blockquote>
            """
        #expect(HTMLText.render(thunderbird) == "Where is it?\n\nOn 12/5/25 6:40 PM, Shop wrote:\n> Thanks for your order.")
    }

    @Test func outlookReplyHeadersStartTheQuotedThread() {
        let desktop = """
            <p class="MsoNormal">Wo bleibt sie?</p><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">\
            <p class="MsoNormal"><b>Von:</b> Shop<br><b>Betreff:</b> Bestellung</p></div><p class="MsoNormal">Alter Text</p>
            """
        #expect(HTMLText.render(desktop) == "Wo bleibt sie?\n> Von: Shop\n> Betreff: Bestellung\n> Alter Text")
        let web = """
            <div>Has the refund gone through?</div><div id="appendonsend"></div><hr tabindex="-1">\
            <div id="divRplyFwdMsg"><b>From:</b> Shop<br><b>Sent:</b> Monday</div><div><p>Old text</p></div>
            """
        #expect(HTMLText.render(web) == "Has the refund gone through?\n> From: Shop\n> Sent: Monday\n> Old text")
    }

    @Test func brokenHTMLLosesNoText() {
        #expect(HTMLText.render("<div>a < b and c > d<p>unclosed <b>bold") == "a < b and c > d\nunclosed bold")
        #expect(HTMLText.render("Fish &chips &amp tea &unknown; &#;") == "Fish &chips & tea &unknown; &#;")
        #expect(HTMLText.render("</div>stray close</blockquote> ok") == "stray close\nok")
    }

    @Test func invisibleCharactersAreDropped() {
        #expect(HTMLText.render("zero&#8203;width&shy;less\u{200B} text") == "zerowidthless text")
    }
}
