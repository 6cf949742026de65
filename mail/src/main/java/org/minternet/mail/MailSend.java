package org.minternet.mail;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.minternet.core.tap.Transcript;
import org.minternet.mail.message.Address;
import org.minternet.mail.message.AddressParser;
import org.minternet.mail.message.ContentType;
import org.minternet.mail.message.MessageComposer;
import org.minternet.mail.message.MessageFormatException;
import org.minternet.mail.message.MimePart;
import org.minternet.mail.smtp.SmtpClient;
import org.minternet.mail.smtp.SmtpReply;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.MailUser;
import org.minternet.mail.store.Mailbox;

/**
 * The sending side of the user agent ({@code minternet mail send}): composes an RFC 5322 / MIME
 * message from the options, submits it with authentication (RFC 6409), and keeps a copy in the
 * sender's Sent folder when the store is at hand.
 */
public final class MailSend {
  /** How the submission connection is protected. */
  public enum Security {
    /** Implicit TLS from the first byte (RFC 8314, port 465). */
    TLS,
    /** STARTTLS before authenticating; fails if the server does not offer it (port 587). */
    STARTTLS,
    /** No TLS (only for servers configured to allow AUTH in the clear, or without AUTH). */
    NONE
  }

  /**
   * What to send and where.
   *
   * @param host the submission server's address or name
   * @param port its port (587/5587 for STARTTLS, 465/4465 for TLS)
   * @param security how to protect the connection
   * @param trust the client TLS context (e.g. {@code TlsContexts.trusting(worldCertificate)}), or
   *     null for the JDK's default trust
   * @param user the login (usually the From address), or null to send without AUTH
   * @param password the password, or null
   * @param from the author, {@code addr} or {@code Name <addr>}
   * @param to the To recipients (each may carry a display name)
   * @param cc the Cc recipients
   * @param bcc the Bcc recipients (envelope only, never in the header)
   * @param subject the Subject
   * @param body the text body (UTF-8)
   * @param attachments files to attach
   * @param timeout connect and reply timeout
   * @param sentCopy the store to save the sent copy into (the sender's Sent folder), or null
   * @param transcript a tap for the SMTP exchange, or null
   */
  public record Options(String host, int port, Security security, SSLContext trust, String user, String password,
      String from, List<String> to, List<String> cc, List<String> bcc, String subject, String body,
      List<Path> attachments, Duration timeout, MailStore sentCopy, Transcript transcript) {
    public Options {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(security, "security");
      Objects.requireNonNull(from, "from");
      to = to == null ? List.of() : List.copyOf(to);
      cc = cc == null ? List.of() : List.copyOf(cc);
      bcc = bcc == null ? List.of() : List.copyOf(bcc);
      subject = subject == null ? "" : subject;
      body = body == null ? "" : body;
      attachments = attachments == null ? List.of() : List.copyOf(attachments);
      timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
      transcript = transcript == null ? Transcript.NONE : transcript;
    }
  }

  private MailSend() {}

  /**
   * Composes and submits; prints progress and errors to {@code out}.
   *
   * @return the process exit status: 0 sent to every recipient, 1 sent to some, 2 not sent
   */
  public static int run(Options o, PrintStream out) {
    byte[] message;
    List<String> envelope;
    Address.Mailbox from;
    try {
      from = AddressParser.parseMailbox(o.from());
      envelope = envelopeRecipients(o);
      if (envelope.isEmpty()) {
        out.println("error: no recipients (use --to, --cc or --bcc)");
        return 2;
      }
      message = compose(o);
    } catch (MessageFormatException | IllegalArgumentException e) {
      out.println("error: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      out.println("error: cannot read attachment: " + e.getMessage());
      return 2;
    }
    List<String> accepted = new ArrayList<>();
    try (SmtpClient c = SmtpClient.connect(new InetSocketAddress(o.host(), o.port()), o.host(),
        o.security() == Security.TLS ? trust(o) : null, o.timeout(), o.transcript())) {
      expect(c.greeting(), 220, "greeting");
      String me = clientName();
      expect(c.ehlo(me), 250, "EHLO");
      if (o.security() == Security.STARTTLS) {
        if (!c.supports("STARTTLS")) throw new SendFailure("the server does not offer STARTTLS");
        expect(c.startTls(trust(o)), 220, "STARTTLS");
        expect(c.ehlo(me), 250, "EHLO");
      }
      if (o.user() != null) {
        if (c.extension("AUTH") == null) throw new SendFailure("the server offers no AUTH here");
        expect(c.authPlain(o.user(), o.password() == null ? "" : o.password()), 235, "AUTH");
      }
      boolean utf8 = !isAscii(from.address()) || envelope.stream().anyMatch(a -> !isAscii(a));
      StringBuilder params = new StringBuilder();
      if (c.supports("SIZE")) params.append("SIZE=").append(message.length);
      if (utf8) params.append(params.isEmpty() ? "" : " ").append("SMTPUTF8");
      expect(c.mail(from.address(), params.toString()), 250, "MAIL");
      for (String rcpt : envelope) {
        SmtpReply r = c.rcpt(rcpt, null);
        if (r.code() == 250 || r.code() == 251) accepted.add(rcpt);
        else out.println("refused <" + rcpt + ">: " + describe(r));
      }
      if (accepted.isEmpty()) {
        c.rset();
        c.quit();
        out.println("not sent: every recipient was refused");
        return 2;
      }
      SmtpReply done = c.data(message);
      if (done.code() != 250) throw new SendFailure("message refused: " + describe(done));
      c.quit();
      out.println("sent to " + accepted.size() + " recipient(s): " + describe(done));
    } catch (SendFailure e) {
      out.println("not sent: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      out.println("not sent: " + o.host() + ":" + o.port() + ": " + e.getMessage());
      return 2;
    }
    if (o.sentCopy() != null) saveSentCopy(o.sentCopy(), from.address(), message, out);
    return accepted.size() == envelope.size() ? 0 : 1;
  }

  /** The message as it will be submitted. */
  public static byte[] compose(Options o) throws IOException {
    MessageComposer m = new MessageComposer().from(AddressParser.parseMailbox(o.from())).subject(o.subject())
        .text(o.body());
    for (String t : o.to()) for (Address.Mailbox b : AddressParser.mailboxes(t)) m.to(b);
    for (String t : o.cc()) for (Address.Mailbox b : AddressParser.mailboxes(t)) m.cc(b);
    for (Path p : o.attachments()) {
      String type = Files.probeContentType(p);
      ContentType ct;
      try {
        ct = type == null ? ContentType.of("application", "octet-stream") : ContentType.parse(type);
      } catch (MessageFormatException e) {
        ct = ContentType.of("application", "octet-stream");
      }
      m.attach(new MessageComposer.Attachment(p.getFileName().toString(), ct, Files.readAllBytes(p)));
    }
    m.header("User-Agent", "Minternet");
    return m.build();
  }

  private static List<String> envelopeRecipients(Options o) {
    Set<String> all = new LinkedHashSet<>();
    for (List<String> l : List.of(o.to(), o.cc(), o.bcc())) {
      for (String s : l) for (Address.Mailbox b : AddressParser.mailboxes(s)) all.add(b.address());
    }
    return new ArrayList<>(all);
  }

  private static void saveSentCopy(MailStore store, String address, byte[] message, PrintStream out) {
    try {
      MailUser user = store.accounts().user(address).orElse(null);
      Mailbox sent = user == null ? null : store.mailboxes().list(user.id()).stream()
          .filter(b -> "\\Sent".equals(b.specialUse())).findFirst().orElse(null);
      if (sent == null) {
        out.println("note: no Sent folder for " + address + "; no copy kept");
        return;
      }
      store.messages().append(sent.id(), message, Set.of("\\Seen"), Instant.now());
      out.println("copy saved in " + sent.name());
    } catch (RuntimeException e) {
      out.println("note: could not save the sent copy: " + e.getMessage());
    }
  }

  /** Our name for EHLO: the host name, or a literal when it cannot be found (RFC 5321 §4.1.4). */
  private static String clientName() {
    try {
      String name = java.net.InetAddress.getLocalHost().getHostName();
      if (!name.isBlank()) return name;
    } catch (IOException e) {
      // fall through
    }
    return "[127.0.0.1]";
  }

  private static SSLContext trust(Options o) throws IOException {
    if (o.trust() != null) return o.trust();
    try {
      return SSLContext.getDefault();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IOException("no TLS available", e);
    }
  }

  private static void expect(SmtpReply r, int code, String what) throws SendFailure {
    if (r.code() != code) throw new SendFailure(what + ": " + describe(r));
  }

  private static String describe(SmtpReply r) {
    return r.code() + (r.status() == null ? "" : " " + r.status()) + " " + String.join(" ", r.text());
  }

  private static boolean isAscii(String s) {
    return s.chars().allMatch(ch -> ch < 128);
  }

  /** Parsing helper for tests and the CLI: the text of a composed message's first text part. */
  static String firstText(byte[] message) {
    MimePart p = MimePart.parse(message);
    while (!p.children().isEmpty()) p = p.children().get(0);
    return p.text();
  }

  private static final class SendFailure extends Exception {
    SendFailure(String message) {
      super(message, null, false, false);
    }
  }
}
