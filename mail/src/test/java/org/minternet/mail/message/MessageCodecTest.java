package org.minternet.mail.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void headerUnfoldsAndFindsBody() {
    byte[] msg = b("From: a@b.c\r\nSubject: one\r\n two\r\n\tthree\r\nX-Empty:\r\n\r\nbody\r\n");
    MessageHeader h = MessageHeader.parse(msg);
    assertThat(h.fields()).extracting(HeaderField::name).containsExactly("From", "Subject", "X-Empty");
    assertThat(h.get("subject")).isEqualTo("one two\tthree");
    assertThat(h.get("X-Empty")).isEmpty();
    assertThat(new String(msg, h.bodyOffset(), msg.length - h.bodyOffset(), StandardCharsets.UTF_8))
        .isEqualTo("body\r\n");
  }

  @Test
  void headerAcceptsUtf8AndBareLfAndStopsAtNonFieldLine() {
    MessageHeader h = MessageHeader.parse(b("Subject: café\nFrom: x@y\nnot a field\nmore"));
    assertThat(h.get("Subject")).isEqualTo("café");
    assertThat(h.fields()).hasSize(2);
    assertThat(h.bodyOffset()).isEqualTo("Subject: café\nFrom: x@y\n".getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void headerRejectsLeadingContinuationAndTooManyFields() {
    assertThatThrownBy(() -> MessageHeader.parse(b(" folded\r\n\r\n"))).isInstanceOf(MessageFormatException.class);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i <= MessageHeader.MAX_FIELDS; i++) sb.append("X: ").append(i).append("\r\n");
    assertThatThrownBy(() -> MessageHeader.parse(b(sb.toString()))).isInstanceOf(MessageFormatException.class);
  }

  @Test
  void encodedWordsDecode() {
    assertThat(EncodedWords.decode("=?ISO-8859-1?Q?Andr=E9?= Pirard")).isEqualTo("André Pirard");
    assertThat(EncodedWords.decode("=?UTF-8?B?w6k=?= =?UTF-8?B?w6k=?=")).isEqualTo("éé"); // RFC 2047 §6.2
    assertThat(EncodedWords.decode("(=?ISO-8859-1?Q?a?= b)")).isEqualTo("(a b)");
    assertThat(EncodedWords.decode("=?US-ASCII?Q?a_b?=")).isEqualTo("a b");
    assertThat(EncodedWords.decode("=?utf-8*en?q?x?=")).isEqualTo("x"); // RFC 2231 language
    // malformed words stay as written
    assertThat(EncodedWords.decode("=?bogus-cs?Q?a?=")).isEqualTo("=?bogus-cs?Q?a?=");
    assertThat(EncodedWords.decode("=?UTF-8?Q?bad=Z1?=")).isEqualTo("=?UTF-8?Q?bad=Z1?=");
    assertThat(EncodedWords.decode("=?UTF-8?B?***?=")).isEqualTo("=?UTF-8?B?***?=");
  }

  @Test
  void encodedWordsEncodeRoundTripWithinLimits() {
    assertThat(EncodedWords.encode("plain subject")).isEqualTo("plain subject");
    String text = "Grüße aus Köln — ".repeat(6) + "😀";
    String enc = EncodedWords.encode(text);
    for (String word : enc.split("\r\n ")) {
      assertThat(word.length()).isLessThanOrEqualTo(75);
      assertThat(word).startsWith("=?UTF-8?B?").endsWith("?=");
    }
    assertThat(EncodedWords.decode(enc.replace("\r\n", ""))).isEqualTo(text);
  }

  @Test
  void contentTypeWithQuotedAndRfc2231Parameters() {
    ContentType ct = ContentType.parse("Multipart/Mixed; boundary=\"simple boundary\" (comment); charset=us-ascii");
    assertThat(ct.mimeType()).isEqualTo("multipart/mixed");
    assertThat(ct.parameter("BOUNDARY")).isEqualTo("simple boundary");
    // RFC 2231 §3 and §4 examples
    ContentType cont = ContentType.parse("message/external-body; access-type=URL;\r\n"
        + " URL*0=\"ftp://\";\r\n URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"");
    assertThat(cont.parameter("url")).isEqualTo("ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar");
    ContentType enc = ContentType.parse("application/x-stuff; title*0*=us-ascii'en'This%20is%20even%20more%20;"
        + " title*1*=%2A%2A%2Afun%2A%2A%2A%20; title*2=\"isn't it!\"");
    assertThat(enc.parameter("title")).isEqualTo("This is even more ***fun*** isn't it!");
    ContentType utf = ContentType.parse("attachment; filename*=UTF-8''%E2%82%AC%20rates.txt".replace("attachment", "a/b"));
    assertThat(utf.parameter("filename")).isEqualTo("€ rates.txt");
  }

  @Test
  void contentTypeRejectsGarbage() {
    assertThatThrownBy(() -> ContentType.parse("")).isInstanceOf(MessageFormatException.class);
    assertThatThrownBy(() -> ContentType.parse("text/")).isInstanceOf(MessageFormatException.class);
    assertThatThrownBy(() -> ContentType.parse("text/plain; a=\"unterminated")).isInstanceOf(MessageFormatException.class);
    assertThatThrownBy(() -> ContentType.parse("text/plain; x*0*=%ZZ")).isInstanceOf(MessageFormatException.class);
    assertThatThrownBy(() -> ContentType.parse("text/plain; a")).isInstanceOf(MessageFormatException.class);
    assertThat(MessageHeader.parse(b("Content-Type: ???\r\n\r\n")).contentType()).isEqualTo(ContentType.DEFAULT);
  }

  @Test
  void contentTypeFormatsNonAsciiAsRfc2231() {
    ContentType ct = ContentType.of("application", "pdf").with("name", "résumé.pdf").with("x", "a b");
    String f = ct.format();
    assertThat(f).contains("name*=utf-8''r%C3%A9sum%C3%A9.pdf").contains("x=\"a b\"");
    assertThat(ContentType.parse(f)).isEqualTo(ct);
  }

  @Test
  void quotedPrintable() {
    assertThat(TransferEncoding.decodeQuotedPrintable(b("caf=C3=A9 =\r\nsoft=3D  \r\nx=\r\n")))
        .isEqualTo(b("café soft=\r\nx"));
    // lenient: a lone '=' and lowercase hex, trailing white space at the end
    assertThat(TransferEncoding.decodeQuotedPrintable(b("a=zz b=e9 \t"))).isEqualTo(new byte[] {'a', '=', 'z', 'z',
        ' ', 'b', (byte) 0xe9});
    byte[] text = b("line one\nQuite a long line with é and = and trailing space \n.dot\n" + "x".repeat(200));
    byte[] enc = TransferEncoding.encodeQuotedPrintable(text);
    for (String line : new String(enc, StandardCharsets.US_ASCII).split("\r\n")) {
      assertThat(line.length()).isLessThanOrEqualTo(76);
      assertThat(line).doesNotStartWith(".");
      assertThat(line).doesNotEndWith(" ");
    }
    assertThat(TransferEncoding.decodeQuotedPrintable(enc)).isEqualTo(b(new String(text, StandardCharsets.UTF_8)
        .replace("\n", "\r\n")));
  }

  @Test
  void base64Lenient() {
    assertThat(TransferEncoding.decode("BASE64", b("aGVs\r\nbG8=\r\n"))).isEqualTo(b("hello"));
    assertThat(TransferEncoding.decode("base64", b("aGVs bG8*"))).isEqualTo(b("hello"));
    assertThat(TransferEncoding.decode("7bit", b("x"))).isEqualTo(b("x"));
  }

  @Test
  void multipartStructure() {
    byte[] msg = b("From: a@b.c\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\npreamble\r\n--XX\r\n"
        + "Content-Type: text/plain\r\n\r\nhello\r\n--XX\r\nContent-Type: multipart/alternative; boundary=\"YY\"\r\n\r\n"
        + "--YY\r\n\r\nplain\r\n--YY\r\nContent-Type: text/html\r\n\r\n<p>h</p>\r\n--YY--\r\n"
        + "\r\n--XX\r\nContent-Type: application/octet-stream; name=a.bin\r\nContent-Transfer-Encoding: base64\r\n"
        + "Content-Disposition: attachment; filename=\"x.bin\"\r\n\r\nAAEC\r\n--XX--\r\nepilogue\r\n");
    MimePart root = MimePart.parse(msg);
    assertThat(root.children()).hasSize(3);
    assertThat(root.children().get(0).text()).isEqualTo("hello");
    MimePart alt = root.children().get(1);
    assertThat(alt.contentType().mimeType()).isEqualTo("multipart/alternative");
    assertThat(alt.children()).extracting(p -> p.contentType().mimeType()).containsExactly("text/plain", "text/html");
    assertThat(alt.children().get(1).text()).isEqualTo("<p>h</p>");
    MimePart att = root.children().get(2);
    assertThat(att.filename()).isEqualTo("x.bin");
    assertThat(att.decodedBody()).containsExactly(0, 1, 2);
  }

  @Test
  void multipartWithoutCloseDelimiterAndMessageRfc822() {
    MimePart p = MimePart.parse(b("Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n\r\none\r\n--B\r\n"
        + "Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body\r\n"));
    assertThat(p.children()).hasSize(2);
    assertThat(p.children().get(1).children().get(0).header().get("Subject")).isEqualTo("inner");
  }

  @Test
  void deepNestingIsBounded() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 200; i++) sb.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b")
        .append(i).append("\r\n");
    MimePart p = MimePart.parse(b(sb.toString()));
    int depth = 0;
    while (!p.children().isEmpty()) {
      p = p.children().get(0);
      depth++;
    }
    assertThat(depth).isEqualTo(MimePart.MAX_DEPTH);
  }

  @Test
  void addressLists() {
    List<Address> list = AddressParser.parseList("\"Joe Q. Public\" <john.q.public@example.com>, Mary Smith"
        + " <mary@x.test>, jdoe@example.org, Who? <one@y.test>".replace(", Who? <one@y.test>", "")
        + ", A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;, Undisclosed recipients:;"
        + ", =?UTF-8?Q?Andr=C3=A9?= <andre@x.test> (comment), \"quoted local\"@x.test, <@route:r@x.test>");
    assertThat(list).hasSize(8);
    assertThat(list.get(0)).isEqualTo(new Address.Mailbox("Joe Q. Public", "john.q.public@example.com"));
    assertThat(list.get(2)).isEqualTo(new Address.Mailbox(null, "jdoe@example.org"));
    Address.Group g = (Address.Group) list.get(3);
    assertThat(g.name()).isEqualTo("A Group");
    assertThat(g.members()).extracting(Address.Mailbox::address)
        .containsExactly("c@a.test", "joe@where.test", "jdoe@one.test");
    assertThat(((Address.Group) list.get(4)).members()).isEmpty();
    assertThat(list.get(5)).isEqualTo(new Address.Mailbox("André", "andre@x.test"));
    assertThat(list.get(6)).isEqualTo(new Address.Mailbox(null, "\"quoted local\"@x.test"));
    assertThat(list.get(7)).isEqualTo(new Address.Mailbox(null, "r@x.test", "@route"));
    assertThat(AddressParser.mailboxes("jöe@bücher.test")).extracting(Address.Mailbox::address)
        .containsExactly("jöe@bücher.test"); // RFC 6532
  }

  @Test
  void aTrailingCommentNamesAnAddressWithoutNameAndCommentsInsideAreSkipped() {
    assertThat(AddressParser.parseList("user@domain.org (Real Name), <u2 (c)@ (c) domain.org> (Other),"
        + " Named <n@x.test> (not the name), <@a,@b:r@x.test>")).containsExactly(
        new Address.Mailbox("Real Name", "user@domain.org"),
        new Address.Mailbox("Other", "u2@domain.org"),
        new Address.Mailbox("Named", "n@x.test"),
        new Address.Mailbox(null, "r@x.test", "@a,@b"));
    assertThat(AddressParser.parseMailbox("a@b (=?UTF-8?Q?Andr=C3=A9?=)").displayName()).isEqualTo("André");
  }

  @Test
  void addressErrors() {
    assertThatThrownBy(() -> AddressParser.parseList("no-domain")).isInstanceOf(MessageFormatException.class);
    assertThatThrownBy(() -> AddressParser.parseList("<a@b")).isInstanceOf(MessageFormatException.class);
    assertThatThrownBy(() -> AddressParser.parseList("\"open@x")).isInstanceOf(MessageFormatException.class);
    assertThatThrownBy(() -> AddressParser.parseList("a@b c@d")).isInstanceOf(MessageFormatException.class);
    assertThat(new Address.Mailbox("Smith, John", "j@x").format()).isEqualTo("\"Smith, John\" <j@x>");
  }

  @Test
  void dates() {
    ZonedDateTime t = ZonedDateTime.of(2026, 11, 23, 9, 5, 7, 0, ZoneOffset.ofHours(1));
    assertThat(MailDates.format(t)).isEqualTo("Mon, 23 Nov 2026 09:05:07 +0100");
    assertThat(MailDates.parse("Mon, 23 Nov 2026 09:05:07 +0100")).contains(t);
    assertThat(MailDates.parse("23 Nov 2026 09:05 GMT (UTC)")).isPresent();
    assertThat(MailDates.parse("Fri, 21 Nov 1997 09:55:06 -0600")).isPresent();
    assertThat(MailDates.parse("yesterday")).isEmpty();
  }

  @Test
  void composerWritesParseableMimeWithAttachment() {
    byte[] msg = new MessageComposer()
        .from(new Address.Mailbox("Alice Ümlaut", "alice@crepes.fr"))
        .to(new Address.Mailbox(null, "bob@hamburger.edu"))
        .cc(new Address.Mailbox("Carol", "carol@x.test"))
        .subject("Crêpes ce soir ?")
        .text("Bonjour Bob,\n.\nà ce soir.\n")
        .attach(new MessageComposer.Attachment("menu du jour.pdf", ContentType.of("application", "pdf"),
            new byte[] {0, 1, 2, (byte) 255}))
        .messageId("id1@crepes.fr")
        .build();
    String s = new String(msg, StandardCharsets.US_ASCII);
    assertThat(s).doesNotContain("\r\n.\r\n").doesNotContainPattern("[^\r]\n");
    MimePart root = MimePart.parse(msg);
    assertThat(root.header().first("Subject").orElseThrow().decodedValue()).isEqualTo("Crêpes ce soir ?");
    assertThat(AddressParser.parseMailbox(root.header().get("From")).displayName()).isEqualTo("Alice Ümlaut");
    assertThat(root.header().get("Message-ID")).isEqualTo("<id1@crepes.fr>");
    assertThat(root.header().get("Bcc")).isNull();
    assertThat(root.contentType().mimeType()).isEqualTo("multipart/mixed");
    assertThat(root.children()).hasSize(2);
    assertThat(root.children().get(0).text()).isEqualTo("Bonjour Bob,\r\n.\r\nà ce soir.\r\n");
    assertThat(root.children().get(1).filename()).isEqualTo("menu du jour.pdf");
    assertThat(root.children().get(1).decodedBody()).containsExactly(0, 1, 2, 255);
  }

  @Test
  void deliveryStatusReportStructure() {
    byte[] original = b("Subject: hi\r\n\r\nsecret body\r\n");
    byte[] report = DeliveryStatusReport.build("mail.crepes.fr", "alice@crepes.fr", "ENV1",
        java.time.Instant.parse("2026-11-23T10:00:00Z"), original, true, List.of(new DeliveryStatusReport.Recipient(
            "bob@x.test", "rfc822;bob@x.test", DeliveryStatusReport.Action.FAILED, "5.1.1", "mx.x.test",
            "550 5.1.1 no such user")));
    MimePart p = MimePart.parse(report);
    assertThat(p.header().get("From")).isEqualTo("Mail Delivery System <MAILER-DAEMON@mail.crepes.fr>");
    assertThat(p.contentType().mimeType()).isEqualTo("multipart/report");
    assertThat(p.children()).extracting(c -> c.contentType().mimeType())
        .containsExactly("text/plain", "message/delivery-status", "text/rfc822-headers");
    // RFC 3464 §2.2 per-message fields, then a blank line and the per-recipient block
    MessageHeader perMessage = MessageHeader.parse(p.children().get(1).rawBody());
    assertThat(perMessage.get("Reporting-MTA")).isEqualTo("dns; mail.crepes.fr");
    assertThat(perMessage.get("Original-Envelope-Id")).isEqualTo("ENV1");
    byte[] status = p.children().get(1).rawBody();
    MessageHeader perRecipient = MessageHeader.parse(status, perMessage.bodyOffset(), status.length);
    assertThat(perRecipient.get("Final-Recipient")).isEqualTo("rfc822; bob@x.test");
    assertThat(perRecipient.get("Action")).isEqualTo("failed");
    assertThat(perRecipient.get("Status")).isEqualTo("5.1.1");
    assertThat(perRecipient.get("Diagnostic-Code")).isEqualTo("smtp; 550 5.1.1 no such user");
    assertThat(new String(p.children().get(2).rawBody(), StandardCharsets.UTF_8)).isEqualTo("Subject: hi\r\n\r\n");
  }

  @Test
  void composerPlainAsciiIs7bit() {
    byte[] msg = new MessageComposer().from(new Address.Mailbox(null, "a@b.test")).subject("hi").text("x\ny")
        .build();
    MimePart p = MimePart.parse(msg);
    assertThat(p.header().get("Content-Transfer-Encoding")).isEqualTo("7bit");
    assertThat(new String(p.rawBody(), StandardCharsets.US_ASCII)).isEqualTo("x\r\ny\r\n");
  }
}
