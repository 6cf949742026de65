package org.minternet.mail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.SubjectTerm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.tls.TlsContexts;
import org.minternet.mail.store.Delivery;
import org.minternet.mail.store.Recipient;

/** Interop with Angus Mail's IMAP provider (Jakarta Mail): reading, flags, folders, MOVE, IDLE. */
class ImapAngusMailIT {
  @TempDir
  Path dir;
  ImapTestServer t;
  Store store;

  @BeforeEach
  void start() throws Exception {
    t = new ImapTestServer(TlsContexts.selfSigned(dir, List.of("localhost")), false);
    ImapTranscriptTest.seed(t);
    Properties p = new Properties();
    p.put("mail.imap.host", "127.0.0.1");
    p.put("mail.imap.port", Integer.toString(t.port()));
    p.put("mail.imap.starttls.enable", "true");
    p.put("mail.imap.starttls.required", "true");
    p.put("mail.imap.ssl.trust", "*");
    p.put("mail.imap.ssl.checkserveridentity", "false");
    p.put("mail.imap.connectiontimeout", "10000");
    p.put("mail.imap.timeout", "20000");
    p.put("mail.debug", System.getProperty("imap.debug", "false"));
    store = Session.getInstance(p).getStore("imap");
    store.connect(ImapTestServer.BOB, ImapTestServer.BOB_PASSWORD);
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
    t.close();
  }

  @Test
  void readsMessagesAndTheirStructure() throws Exception {
    Folder inbox = store.getFolder("INBOX");
    inbox.open(Folder.READ_ONLY);
    assertThat(inbox.getMessageCount()).isEqualTo(3);
    Message[] all = inbox.getMessages();
    assertThat(all[0].getSubject()).isEqualTo("Lunch");
    assertThat(((InternetAddress) all[0].getFrom()[0]).getAddress()).isEqualTo("alice@crepes.fr");
    assertThat(all[0].getContent().toString()).contains("Shall we have lunch?");
    Multipart mp = (Multipart) all[1].getContent();
    assertThat(mp.getCount()).isEqualTo(2);
    BodyPart attachment = mp.getBodyPart(1);
    assertThat(attachment.getDisposition()).isEqualToIgnoringCase(Part.ATTACHMENT);
    assertThat(attachment.getFileName()).isEqualTo("r.pdf");
    assertThat(attachment.getInputStream().readAllBytes()).isEqualTo("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(all[1].isSet(Flags.Flag.SEEN)).isTrue();
    assertThat(all[2].isMimeType("message/rfc822")).isTrue();
    assertThat(((Message) all[2].getContent()).getSubject()).isEqualTo("Inner");
    inbox.close(false);
  }

  @Test
  void flagsSearchFoldersMoveAndExpunge() throws Exception {
    Folder root = store.getDefaultFolder();
    assertThat(Arrays.stream(root.list("*")).map(Folder::getFullName))
        .contains("INBOX", "Sent", "Drafts", "Trash", "Junk");
    Folder archive = store.getFolder("Archive/2024");
    assertThat(archive.create(Folder.HOLDS_MESSAGES)).isTrue();
    IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
    inbox.open(Folder.READ_WRITE);
    Message[] found = inbox.search(new SubjectTerm("report"));
    assertThat(found).hasSize(1);
    found[0].setFlag(Flags.Flag.FLAGGED, true);
    assertThat(inbox.getUID(found[0])).isEqualTo(2);
    inbox.moveMessages(found, archive);
    assertThat(found[0].isExpunged()).isTrue();
    assertThat(store.getFolder("INBOX").getMessageCount()).isEqualTo(2); // STATUS on a closed folder
    archive.open(Folder.READ_ONLY);
    assertThat(archive.getMessageCount()).isEqualTo(1);
    assertThat(archive.getMessage(1).isSet(Flags.Flag.FLAGGED)).isTrue();
    archive.close(false);
    Message lunch = inbox.getMessage(1);
    lunch.setFlag(Flags.Flag.DELETED, true);
    assertThat(inbox.expunge()).contains(lunch); // Angus also returns the message MOVE took away
    assertThat(store.getFolder("INBOX").getMessageCount()).isEqualTo(1);
    MimeMessage draft = new MimeMessage(Session.getInstance(new Properties()));
    draft.setSubject("Draft from Angus");
    draft.setText("body");
    Folder drafts = store.getFolder("Drafts");
    drafts.appendMessages(new Message[] {draft});
    drafts.open(Folder.READ_ONLY);
    assertThat(drafts.getMessage(1).getSubject()).isEqualTo("Draft from Angus");
    drafts.close(false);
    inbox.close(true);
  }

  @Test
  void idleSeesADeliveryAtOnce() throws Exception {
    IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
    inbox.open(Folder.READ_WRITE);
    CountDownLatch added = new CountDownLatch(1);
    inbox.addMessageCountListener(new MessageCountAdapter() {
      @Override
      public void messagesAdded(MessageCountEvent e) {
        added.countDown();
      }
    });
    Thread idler = Thread.ofVirtual().start(() -> {
      try {
        inbox.idle(true);
      } catch (Exception e) {
        // the folder closes at the end of the test
      }
    });
    // wait until the IDLE command is on the wire, then deliver as SMTP does
    for (int i = 0; i < 100 && t.server.endpoints().isEmpty(); i++) Thread.sleep(10);
    Thread.sleep(300);
    t.mail.deliver(new Delivery("alice@crepes.fr", List.of(Recipient.of("bob@hamburger.edu")),
        "From: alice@crepes.fr\r\nSubject: pushed\r\n\r\nhi\r\n".getBytes(StandardCharsets.UTF_8), null, null));
    assertThat(added.await(20, TimeUnit.SECONDS)).isTrue();
    idler.join(20_000);
    assertThat(inbox.getMessageCount()).isEqualTo(4);
    assertThat(inbox.getMessage(4).getSubject()).isEqualTo("pushed");
    inbox.close(false);
  }
}
