#!/usr/bin/env python3
"""Writes the mail channel's test messages with Python's own email package.

    python3 Tests/Fixtures/mail/generate.py [OUTPUT_DIR]      # default: generated/ beside this script

Every message is built by the standard library's MIME code (email.mime, email.charset,
email.header), so the encodings, charsets, folding and multipart structure are what a real MIME
library writes, not what magedesk's reader expects. The output is deterministic (fixed dates,
message ids and boundaries); MailFixtureTests runs this script and compares its output with the
committed files, so the folder cannot drift from the generator.

The hand-written samples in the shapes of Gmail, Outlook, Apple Mail and Thunderbird are in
samples/ beside this script.
"""

import email.charset
import email.message
import email.policy
import os
import sys
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

DATE = "Mon, 01 Dec 2025 09:30:00 +0100"
POLICY = email.policy.compat32.clone(linesep="\n", max_line_length=78)


def charset(name, body):
    """A charset object whose body encoding is `body`: 'qp', 'base64', '8bit' or '7bit'."""
    cs = email.charset.Charset(name)
    cs.body_encoding = {"qp": email.charset.QP, "base64": email.charset.BASE64}.get(body)
    return cs


def text(body, subtype="plain", name="utf-8", cte="qp"):
    part = MIMEText("", subtype, "utf-8")
    del part["Content-Transfer-Encoding"]
    part.set_payload(body, charset(name, cte))
    if cte in ("8bit", "7bit"):
        del part["Content-Transfer-Encoding"]
        part["Content-Transfer-Encoding"] = cte
    return part


def headers(message, number, sender="Jane Doe <jane.doe@example.com>", subject="Where is my order?", extra=()):
    message["From"] = sender
    message["To"] = "Shop Support <support@shop.example>"
    message["Subject"] = subject
    message["Date"] = DATE
    message["Message-ID"] = f"<gen-{number:02d}@mail.example.com>"
    for name, value in extra:
        message[name] = value
    if "MIME-Version" not in message:
        message["MIME-Version"] = "1.0"
    return message


def boundaries(message, name):
    """Fixed boundaries, so the output does not change between runs."""
    counter = 0
    for part in message.walk():
        if part.is_multipart():
            counter += 1
            part.set_boundary(f"=={name}-{counter}==")
    return message


ORDER_QUESTION = "Hello,\n\nwhere is my order 000000101? It was supposed to arrive last week.\n\nThanks,\nJane\n"
HTML_QUESTION = (
    "<html><head><style>p { margin: 0 }</style></head><body>"
    "<p>Hello,</p><p>where is my order&nbsp;000000101? It was supposed to arrive last week.</p>"
    "<p>Thanks,<br>Jane</p></body></html>"
)


def build():
    messages = {}

    # Each transfer encoding of UTF-8 plain text.
    messages["plain-qp"] = headers(text(ORDER_QUESTION + "Caf\u00e9 au lait is not what I ordered.\n", cte="qp"), 1)
    messages["plain-base64"] = headers(text(ORDER_QUESTION, cte="base64"), 2)
    messages["plain-8bit"] = headers(text(ORDER_QUESTION.replace("Thanks", "Cheers \u2013 thanks"), cte="8bit"), 3)
    messages["plain-7bit-ascii"] = headers(text(ORDER_QUESTION, name="us-ascii", cte="7bit"), 4)

    # Each charset; German mail in the charsets it still arrives in.
    de = "Hallo,\n\nwo ist meine Bestellung 000000104? Ich warte schon zwei Wochen.\n\nViele Gr\u00fc\u00dfe\nMax M\u00fcller\n"
    messages["german-latin1-qp"] = headers(
        text(de, name="iso-8859-1", cte="qp"), 5, sender="=?iso-8859-1?q?Max_M=FCller?= <max.mustermann@example.de>",
        subject=Header("Wo ist meine Bestellung? Gr\u00fc\u00dfe", "iso-8859-1").encode())
    messages["german-latin1-8bit"] = headers(text(de, name="iso-8859-1", cte="8bit"), 6, sender="Max <max.mustermann@example.de>",
                                             subject="Bestellung")
    messages["latin9-euro"] = headers(
        text("Hallo,\n\nwo ist meine Bestellung 000000102? Ich habe 84,00 \u20ac bezahlt und warte seit einer Woche.\n\n"
             "Gr\u00fc\u00dfe, \u0160ime\n",
             name="iso-8859-15", cte="qp"), 7, subject="Bestellung 000000102")
    messages["windows-1252"] = headers(
        text("Hi,\n\nI can\u2019t find my order 000000101 \u2013 where is it? \u201cShipped\u201d, it says\u2026\n\nJane\n",
             name="windows-1252", cte="qp"), 8)
    messages["windows-1252-8bit"] = headers(
        text("Hi,\n\nI can\u2019t find my order 000000101 \u2013 where is it?\n\nJane\n", name="windows-1252", cte="8bit"), 9)

    # HTML only, alternative, attachment.
    messages["html-only"] = headers(text(HTML_QUESTION, subtype="html", cte="qp"), 10)
    alternative = MIMEMultipart("alternative")
    alternative.attach(text(ORDER_QUESTION, cte="qp"))
    alternative.attach(text(HTML_QUESTION, subtype="html", cte="qp"))
    messages["alternative"] = boundaries(headers(alternative, 11), "alt")

    mixed = MIMEMultipart("mixed")
    inner = MIMEMultipart("alternative")
    inner.attach(text(ORDER_QUESTION, cte="qp"))
    inner.attach(text(HTML_QUESTION, subtype="html", cte="base64"))
    mixed.attach(inner)
    invoice = MIMEApplication(b"%PDF-1.4\n% order 000000999 invoice\n" * 40, "pdf")
    invoice.add_header("Content-Disposition", "attachment", filename="Rechnung M\u00e4rz.pdf")
    mixed.attach(invoice)
    note = text("Order 000000888 is someone else's note in an attached text file.\n", cte="7bit", name="us-ascii")
    note.add_header("Content-Disposition", "attachment", filename="note.txt")
    mixed.attach(note)
    messages["attachment"] = boundaries(headers(mixed, 12), "mix")

    # Encoded-word subjects (B and Q) and folded headers.
    messages["subject-b"] = headers(
        text(ORDER_QUESTION, cte="qp"), 13,
        subject=Header("Wo ist meine Bestellung? \u2014 Dringend \u00fc\u00f6\u00e4", "utf-8").encode())
    messages["subject-q"] = headers(
        text(ORDER_QUESTION, cte="qp"), 14, subject=Header("Caf\u00e9 order question", "iso-8859-1").encode())
    folded = headers(
        text(ORDER_QUESTION, cte="qp"), 15, sender="\"Doe, Jane (private)\"\n <jane.doe@example.com>",
        subject="A rather long subject line about my order that a mail client will fold\n over two lines",
        extra=[("References", "<root-thread@mail.example.com>\n <second@mail.example.com>\n\t<third@mail.example.com>")])
    messages["folded-headers"] = folded

    # Messages that must not be answered.
    messages["auto-reply"] = headers(
        text("I am out of the office until 5 December and will read your message then.\n", cte="7bit", name="us-ascii"), 16,
        subject="Automatic reply: Your order 000000101",
        extra=[("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")])
    messages["vacation"] = headers(
        text("Thank you for your mail. I am on holiday.\n", cte="7bit", name="us-ascii"), 17,
        subject="Away", extra=[("X-Autoreply", "yes"), ("Precedence", "auto_reply")])

    report = MIMEMultipart("report", report_type="delivery-status")
    report.attach(text("This is the mail system at host mx.example.com.\n\nI'm sorry to have to inform you that your message "
                       "could not be delivered to one or more recipients.\n", cte="7bit", name="us-ascii"))
    status = MIMEBase("message", "delivery-status")
    per_message = email.message.Message()
    per_message["Reporting-MTA"] = "dns; mx.example.com"
    per_recipient = email.message.Message()
    per_recipient["Final-Recipient"] = "rfc822; nobody@example.com"
    per_recipient["Action"] = "failed"
    per_recipient["Status"] = "5.1.1"
    status.set_payload([per_message, per_recipient])
    report.attach(status)
    original = headers(text("Your order 000000101 has shipped.\n", cte="7bit", name="us-ascii"), 90,
                       sender="Shop Support <support@shop.example>", subject="Re: Where is my order?")
    report.attach(MIMEMessage(original))
    messages["bounce"] = boundaries(headers(
        report, 18, sender="MAILER-DAEMON@mx.example.com (Mail Delivery System)",
        subject="Undelivered Mail Returned to Sender", extra=[("Return-Path", "<>"), ("Auto-Submitted", "auto-replied")]), "dsn")
    messages["bounce-empty-return-path"] = headers(
        text("Delivery failed: where is my order 000000101 could not be delivered.\n", cte="7bit", name="us-ascii"), 19,
        sender="Delivery System <delivery@mx.example.com>", subject="Delivery failure", extra=[("Return-Path", "<>")])

    messages["list"] = headers(
        text("Hello list, where is my order 000000101?\n", cte="7bit", name="us-ascii"), 20,
        subject="[shop-users] order question",
        extra=[("List-Id", "Shop users <shop-users.lists.example.com>"),
               ("List-Unsubscribe", "<mailto:shop-users-leave@lists.example.com>"), ("Precedence", "list")])
    messages["bulk"] = headers(
        text("Our newsletter: order 000000101 style savings!\n", cte="7bit", name="us-ascii"), 21, subject="Newsletter",
        extra=[("Precedence", "bulk")])

    messages["own-address"] = headers(
        text("Your order 000000101 is on its way.\n", cte="7bit", name="us-ascii"), 22,
        sender="Shop Support <support@shop.example>", subject="Your order")
    messages["no-reply-sender"] = headers(
        text("Your parcel for order 000000101 is out for delivery.\n", cte="7bit", name="us-ascii"), 23,
        sender="DHL <noreply@dhl.example>", subject="Your parcel")

    # DMARC verdicts of the store's receiving server (mx.shop.example).
    question = "Hi, where is my order 000000101?\n\nJane\n"
    passing = ("Authentication-Results", "mx.shop.example; dkim=pass header.d=example.com header.s=s1;\n"
               " spf=pass smtp.mailfrom=example.com;\n dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.com")
    messages["dmarc-pass"] = headers(text(question, cte="7bit", name="us-ascii"), 24, extra=[passing])
    messages["dmarc-fail"] = headers(
        text(question, cte="7bit", name="us-ascii"), 25,
        extra=[("Authentication-Results", "mx.shop.example; spf=fail smtp.mailfrom=example.com;\n dmarc=fail (p=REJECT) header.from=example.com")])
    messages["dmarc-other-server"] = headers(
        text(question, cte="7bit", name="us-ascii"), 26,
        extra=[("Authentication-Results", "mx.attacker.example; dmarc=pass header.from=example.com")])
    messages["dmarc-pass-below-forged"] = headers(
        text(question, cte="7bit", name="us-ascii"), 27,
        extra=[("Authentication-Results", "mx.shop.example; dmarc=fail header.from=example.com"), passing])
    messages["dmarc-pass-other-domain"] = headers(
        text(question, cte="7bit", name="us-ascii"), 28,
        extra=[("Authentication-Results", "mx.shop.example; dmarc=pass header.from=attacker.example")])

    # A reply to magedesk's own question, continuing the conversation (proof given by email).
    messages["reply-with-proof"] = headers(
        text("It's the email I ordered with: jane.doe@example.com\n\nOn Mon, 1 Dec 2025 at 09:31, Shop Support "
             "<support@shop.example> wrote:\n> Got it. Before I share any details, what is the email address on order "
             "000000101, or its billing postcode?\n", cte="qp"), 29, subject="Re: Where is my order?",
        extra=[("In-Reply-To", "<magedesk.first-reply@shop.example>"),
               ("References", "<gen-11@mail.example.com> <magedesk.first-reply@shop.example>")])

    # Line endings as some mail delivery agents hand them over: CRLF.
    messages["crlf"] = headers(text(ORDER_QUESTION, cte="qp"), 30)
    return messages


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    output = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "generated")
    os.makedirs(output, exist_ok=True)
    for name, message in build().items():
        policy = POLICY.clone(linesep="\r\n") if name == "crlf" else POLICY
        with open(os.path.join(output, name + ".eml"), "wb") as handle:
            handle.write(message.as_bytes(policy=policy))


if __name__ == "__main__":
    main()
