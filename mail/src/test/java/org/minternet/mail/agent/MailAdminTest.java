package org.minternet.mail.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.mail.MailAdmin;
import org.minternet.mail.store.Delivery;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.Recipient;

/** The management entry points the CLI calls: exit codes and what they print. */
class MailAdminTest {
  @TempDir
  Path dir;

  private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);

  private String printed() {
    String s = buf.toString(StandardCharsets.UTF_8);
    buf.reset();
    return s;
  }

  @Test
  void domainsUsersAliasesAndQueue() {
    MailStore store = MailAdmin.open(dir, "Mail.Crepes.FR");
    try {
      assertThat(dir.resolve("mail/mail.crepes.fr.db")).exists();
      assertThat(MailAdmin.addDomain(store, "Crepes.FR", out)).isZero();
      assertThat(printed()).isEqualTo("added domain crepes.fr\n");
      assertThat(MailAdmin.addDomain(store, "crepes.fr", out)).isEqualTo(1);
      assertThat(printed()).isEqualTo("error: domain exists: crepes.fr\n");
      assertThat(MailAdmin.addUser(store, "alice@crepes.fr", "pw", out)).isZero();
      assertThat(printed()).contains("added user alice@crepes.fr with folders INBOX, Sent, Drafts, Trash, Junk");
      assertThat(MailAdmin.addUser(store, "x@nowhere.test", "pw", out)).isEqualTo(1);
      assertThat(printed()).isEqualTo("error: no such domain: nowhere.test\n");
      assertThat(MailAdmin.addAlias(store, "postmaster@crepes.fr", "alice@crepes.fr", out)).isZero();
      printed();
      assertThat(MailAdmin.listUsers(store, null, out)).isZero();
      assertThat(printed()).isEqualTo("alice@crepes.fr\n");
      assertThat(MailAdmin.setPassword(store, "alice@crepes.fr", "new", out)).isZero();
      assertThat(store.accounts().authenticate("alice@crepes.fr", "new")).isPresent();
      printed();
      assertThat(MailAdmin.setApopSecret(store, "alice@crepes.fr", "pop-only", out)).isZero();
      assertThat(printed()).startsWith("APOP secret set for alice@crepes.fr (stored readable");
      assertThat(store.accounts().hasApopSecret("alice@crepes.fr")).isTrue();
      assertThat(MailAdmin.setApopSecret(store, "alice@crepes.fr", "new", out)).isEqualTo(1);
      assertThat(printed()).isEqualTo("error: the APOP secret must differ from the login password\n");
      assertThat(MailAdmin.setApopSecret(store, "carol@crepes.fr", "x", out)).isEqualTo(1);
      assertThat(printed()).isEqualTo("error: no such user: carol@crepes.fr\n");
      assertThat(MailAdmin.setApopSecret(store, "alice@crepes.fr", null, out)).isZero();
      assertThat(printed()).isEqualTo("APOP secret removed for alice@crepes.fr\n");
      assertThat(store.accounts().hasApopSecret("alice@crepes.fr")).isFalse();

      assertThat(MailAdmin.listQueue(store, out)).isZero();
      assertThat(printed()).isEqualTo("queue is empty\n");
      long q = store.deliver(new Delivery("alice@crepes.fr", List.of(Recipient.of("bob@hamburger.edu")),
          "Subject: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII), null, null));
      assertThat(MailAdmin.listQueue(store, out)).isZero();
      assertThat(printed()).contains("Q" + q + "  ", "from <alice@crepes.fr>", "PENDING  <bob@hamburger.edu>  attempts=0");
      assertThat(MailAdmin.retry(store, MailAdmin.parseQueueId("Q" + q), out)).isZero();
      assertThat(printed()).startsWith("1 recipient(s) due now");
      assertThat(MailAdmin.removeQueued(store, q, out)).isZero();
      assertThat(MailAdmin.removeQueued(store, q, out)).isEqualTo(1);
      assertThat(printed()).isEqualTo("removed Q" + q + "\nerror: no such queue entry: Q" + q + "\n");
      assertThat(MailAdmin.removeUser(store, "alice@crepes.fr", out)).isZero();
      assertThat(MailAdmin.removeDomain(store, "crepes.fr", out)).isZero();
      assertThat(store.accounts().domains()).isEmpty();
    } finally {
      store.close();
    }
  }
}
