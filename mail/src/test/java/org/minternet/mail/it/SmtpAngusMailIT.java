package org.minternet.mail.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.mail.message.Address;
import org.minternet.mail.message.ContentType;
import org.minternet.mail.message.MessageComposer;
import org.minternet.mail.message.MimePart;
import org.minternet.mail.smtp.SmtpService;
import org.minternet.mail.testing.MailFixture;
import org.minternet.mail.testing.TwoDomains;

/** Jakarta Mail (Angus) as the client of our SMTP services, and as the judge of our MIME writer. */
class SmtpAngusMailIT {
  @TempDir
  Path dir;
  private TwoDomains world;

  @BeforeEach
  void start() throws Exception {
    world = new TwoDomains(dir);
  }

  @AfterEach
  void stop() {
    world.close();
  }

  private Session session(String protocol, int port, boolean startTls) {
    Properties p = new Properties();
    String pre = "mail." + protocol + ".";
    p.put(pre + "host", "127.0.0.1");
    p.put(pre + "port", Integer.toString(port));
    p.put(pre + "auth", "true");
    p.put(pre + "starttls.enable", Boolean.toString(startTls));
    p.put(pre + "starttls.required", Boolean.toString(startTls));
    p.put(pre + "ssl.trust", "*");
    p.put(pre + "ssl.checkserveridentity", "false");
    p.put(pre + "connectiontimeout", "10000");
    p.put(pre + "timeout", "10000");
    return Session.getInstance(p);
  }

  private MimeMessage message(Session s) throws MessagingException {
    MimeMessage m = new MimeMessage(s);
    m.setFrom(new InternetAddress("alice@crepes.fr"));
    m.setRecipients(Message.RecipientType.TO, "bob@hamburger.edu");
    m.setSubject("Grüße von Angus", "UTF-8");
    MimeBodyPart text = new MimeBodyPart();
    text.setText("Hallo Bob\n.\nEnde\n", "UTF-8");
    MimeBodyPart att = new MimeBodyPart();
    att.setDataHandler(new DataHandler(new ByteArrayDataSource(new byte[] {1, 2, 3}, "application/octet-stream")));
    att.setFileName("bytes.bin");
    Multipart mp = new MimeMultipart();
    mp.addBodyPart(text);
    mp.addBodyPart(att);
    m.setContent(mp);
    return m;
  }

  private void sendAndCheck(String protocol, int port, boolean startTls) throws Exception {
    Session s = session(protocol, port, startTls);
    try (Transport t = s.getTransport(protocol)) {
      t.connect(MailFixture.ALICE, MailFixture.ALICE_PASSWORD);
      t.sendMessage(message(s), new jakarta.mail.Address[] {new InternetAddress("bob@hamburger.edu")});
    }
    List<byte[]> bob = TwoDomains.await(world.hamburgerStore, MailFixture.BOB, "INBOX", 1);
    assertThat(bob).hasSize(1);
    MimePart root = MimePart.parse(bob.get(0));
    assertThat(root.header().first("Subject").orElseThrow().decodedValue()).isEqualTo("Grüße von Angus");
    assertThat(root.children()).hasSize(2);
    assertThat(root.children().get(0).text()).isEqualTo("Hallo Bob\r\n.\r\nEnde\r\n");
    assertThat(root.children().get(1).filename()).isEqualTo("bytes.bin");
    assertThat(root.children().get(1).decodedBody()).containsExactly(1, 2, 3);
  }

  @Test
  void submissionWithStartTlsAndAuth() throws Exception {
    sendAndCheck("smtp", world.crepes.port(SmtpService.SUBMISSION), true);
  }

  @Test
  void submissionsWithImplicitTls() throws Exception {
    sendAndCheck("smtps", world.crepes.port(SmtpService.SUBMISSIONS), false);
  }

  @Test
  void wrongPasswordIsRefused() {
    Session s = session("smtp", world.crepes.port(SmtpService.SUBMISSION), true);
    assertThatThrownBy(() -> {
      try (Transport t = s.getTransport("smtp")) {
        t.connect(MailFixture.ALICE, "wrong");
      }
    }).isInstanceOf(jakarta.mail.AuthenticationFailedException.class);
  }

  @Test
  void directToTheMtaWithoutAuthForALocalUser() throws Exception {
    Properties p = new Properties();
    p.put("mail.smtp.host", "127.0.0.1");
    p.put("mail.smtp.port", Integer.toString(world.hamburger.port(SmtpService.MTA)));
    Session s = Session.getInstance(p);
    Transport.send(message(s));
    assertThat(TwoDomains.await(world.hamburgerStore, MailFixture.BOB, "INBOX", 1)).hasSize(1);
    // but never relaying for a stranger
    MimeMessage m = message(s);
    m.setRecipients(Message.RecipientType.TO, "someone@example.com");
    assertThatThrownBy(() -> Transport.send(m)).isInstanceOf(jakarta.mail.SendFailedException.class)
        .hasMessageContaining("Invalid Addresses");
  }

  @Test
  void angusParsesWhatOurComposerWrites() throws Exception {
    byte[] ours = new MessageComposer().from(new Address.Mailbox("Zoë", "zoe@crepes.fr"))
        .to(new Address.Mailbox("Bob", "bob@hamburger.edu")).subject("Fichier joint — résumé")
        .text("Voilà le résumé.\n")
        .attach(new MessageComposer.Attachment("résumé.pdf", ContentType.of("application", "pdf"), new byte[] {9, 8}))
        .build();
    MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(ours));
    assertThat(m.getSubject()).isEqualTo("Fichier joint — résumé");
    assertThat(((InternetAddress) m.getFrom()[0]).getPersonal()).isEqualTo("Zoë");
    Multipart mp = (Multipart) m.getContent();
    assertThat(mp.getCount()).isEqualTo(2);
    assertThat(mp.getBodyPart(0).getContent()).isEqualTo("Voilà le résumé.\r\n");
    System.setProperty("mail.mime.decodeparameters", "true");
    assertThat(new String(mp.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
        .isEqualTo("\t\b");
    assertThat(mp.getBodyPart(1).getDisposition()).isEqualTo("attachment");
  }
}
