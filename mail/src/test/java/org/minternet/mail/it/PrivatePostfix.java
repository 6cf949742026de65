package org.minternet.mail.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private Postfix instance for interop tests: its own configuration, queue and Maildir under a
 * temporary directory, listening on a free loopback port, delivering {@code bob@postfix.test} with
 * virtual(8) to a Maildir and relaying one of our domains to our server. Needs root and Debian's
 * postfix package; the system's own Postfix configuration is restored on close.
 */
final class PrivatePostfix implements AutoCloseable {
  final Path dir;
  final int port;
  private final Path mainCf = Path.of("/etc/postfix/main.cf");
  private byte[] savedMainCf;
  private boolean createdMainCf;

  PrivatePostfix(Path dir, String relayDomain, int relayPort) throws IOException, InterruptedException {
    this.dir = dir;
    this.port = freePort();
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Files.createDirectories(dir.resolve("queue"));
    // postfix's daemons run unprivileged: every directory on the way must be searchable
    for (Path d = dir; d != null && d.startsWith(System.getProperty("java.io.tmpdir")); d = d.getParent()) {
      if (!d.toString().equals(System.getProperty("java.io.tmpdir"))) run("chmod", "755", d.toString());
    }
    for (String d : List.of("data", "mail")) {
      Files.createDirectories(dir.resolve(d));
      run("chown", "postfix:postfix", dir.resolve(d).toString());
    }
    String master = Files.readString(Path.of("/etc/postfix/master.cf"))
        .replaceAll("(?m)^smtp      inet.*$", "127.0.0.1:" + port + " inet n - y - - smtpd");
    Files.writeString(conf.resolve("master.cf"), master);
    Files.writeString(conf.resolve("main.cf"), String.join("\n",
        "compatibility_level = 3.6",
        "queue_directory = " + dir.resolve("queue"),
        "data_directory = " + dir.resolve("data"),
        "myhostname = mail.postfix.test",
        "mydestination =",
        "inet_interfaces = 127.0.0.1",
        "inet_protocols = ipv4",
        "mynetworks = 127.0.0.0/8",
        "smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination",
        "virtual_mailbox_domains = postfix.test",
        "virtual_mailbox_base = " + dir.resolve("mail"),
        "virtual_mailbox_maps = texthash:" + conf.resolve("vmailbox"),
        "virtual_uid_maps = static:" + id("-u"),
        "virtual_gid_maps = static:" + id("-g"),
        "transport_maps = texthash:" + conf.resolve("transport"),
        "smtp_tls_security_level = may",
        "maillog_file = " + dir.resolve("maillog"),
        "maillog_file_prefixes = " + dir,
        ""));
    Files.writeString(conf.resolve("vmailbox"), "bob@postfix.test postfix.test/bob/\n");
    Files.writeString(conf.resolve("transport"), relayDomain + " smtp:[127.0.0.1]:" + relayPort + "\n");
    if (Files.exists(mainCf)) {
      savedMainCf = Files.readAllBytes(mainCf);
      run("postconf", "-e", "alternate_config_directories = " + conf);
    } else {
      createdMainCf = true;
      Files.writeString(mainCf, "compatibility_level = 3.6\nalternate_config_directories = " + conf + "\n");
    }
    try {
      run("postfix", "-c", conf.toString(), "post-install", "create-missing");
      // postfix reports start-up errors only to syslog or a terminal
      run("script", "-qc", "postfix -c " + conf + " start", "/dev/null");
    } catch (IOException e) {
      restoreSystemConfig();
      throw new IOException(e.getMessage() + "\n" + log(), e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        break;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          close();
          throw new IOException("postfix did not start: " + log(), e);
        }
        Thread.sleep(100);
      }
    }
  }

  static boolean available() {
    return Files.isExecutable(Path.of("/usr/sbin/postfix")) && "root".equals(System.getProperty("user.name"));
  }

  /** The messages delivered to bob@postfix.test's Maildir. */
  List<String> maildir() throws IOException {
    Path inbox = dir.resolve("mail/postfix.test/bob/new");
    if (!Files.isDirectory(inbox)) return List.of();
    try (Stream<Path> s = Files.list(inbox)) {
      return s.sorted().map(p -> {
        try {
          return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }

  String log() {
    try {
      return Files.readString(dir.resolve("maillog"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String id(String flag) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("id", flag, "postfix").start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    p.waitFor();
    return out;
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || out.contains("fatal")) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      new ProcessBuilder("postfix", "-c", dir.resolve("conf").toString(), "stop").redirectErrorStream(true).start()
          .waitFor(30, TimeUnit.SECONDS);
    } finally {
      restoreSystemConfig();
    }
  }

  private void restoreSystemConfig() throws IOException {
    if (createdMainCf) Files.deleteIfExists(mainCf);
    if (savedMainCf != null) Files.write(mainCf, savedMainCf);
  }
}
