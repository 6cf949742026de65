package org.minternet.dns.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unbound (Debian's unbound) with our root as its hints resolves names through our root, TLD and
 * authoritative servers. Referrals carry no ports, so Unbound asks every authority on port 53:
 * the hierarchy is started on port 53 (root privileges; the test is skipped locally without).
 */
class UnboundIT {
  static final String UNBOUND = "127.77.0.54";

  @TempDir
  static Path dir;
  static TestHierarchy world;
  static Process unbound;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    Programs.require("unbound");
    try {
      world = new TestHierarchy(53);
    } catch (java.io.IOException e) {
      Programs.expect(false, "cannot bind port 53 for the hierarchy: " + e.getMessage());
    }
    try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(UNBOUND, 0))) {
      port = probe.getLocalPort();
    }
    Files.writeString(dir.resolve("root.hints"), """
        .                   3600000  NS  a.root-servers.net.
        a.root-servers.net. 3600000  A   127.77.0.1
        """);
    Files.writeString(dir.resolve("unbound.conf"), """
        server:
            interface: %s
            port: %d
            username: ""
            chroot: ""
            directory: "%s"
            pidfile: "%s/unbound.pid"
            do-daemonize: no
            use-syslog: no
            verbosity: 1
            do-ip6: no
            do-not-query-localhost: no
            access-control: 127.0.0.0/8 allow
            root-hints: "%s/root.hints"
            module-config: "iterator"
            qname-minimisation: yes
        remote-control:
            control-enable: no
        """.formatted(UNBOUND, port, dir, dir, dir));
    unbound = Programs.start(dir.resolve("unbound.log"), "unbound", "-d", "-c",
        dir.resolve("unbound.conf").toString());
    boolean up = false;
    for (int i = 0; i < 50 && !up; i++) {
      up = dig("a.root-servers.net", "A").contains("status:");
      if (!up) Thread.sleep(100);
    }
    Programs.expect(up, "unbound did not start: " + Files.readString(dir.resolve("unbound.log")));
  }

  @AfterAll
  static void stop() throws Exception {
    Programs.stop(unbound);
    if (world != null) world.close();
    // keep Unbound's log for diagnosis after the temporary directory is gone
    Path log = dir.resolve("unbound.log");
    if (Files.exists(log)) Files.copy(log, Path.of("target", "unbound-it.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  static String dig(String... args) throws Exception {
    String[] all = new String[args.length + 5];
    all[0] = "@" + UNBOUND;
    all[1] = "-p";
    all[2] = String.valueOf(port);
    all[3] = "+time=10";
    // example.org's second name server is deliberately dead (TestHierarchy.DEAD). When Unbound
    // happens to pick it for the cross-zone CNAME (chain1 -> ... -> www.example.org) it waits out
    // its timeouts with backoff, which can pass dig's 10 s; a second try gets the answer, by then
    // with the dead server marked slow.
    all[4] = "+tries=2";
    System.arraycopy(args, 0, all, 5, args.length);
    return Programs.run("dig", all);
  }

  @Test
  void unboundResolvesTheWorldThroughOurServers() throws Exception {
    assertThat(dig("www.example.com", "A")).contains("status: NOERROR")
        .containsPattern("www\\.example\\.com\\.\\s+\\d+\\s+IN\\s+A\\s+127\\.77\\.10\\.1");
    assertThat(dig("chain1.example.com", "A")).contains("status: NOERROR")
        .containsPattern("www\\.example\\.org\\.\\s+\\d+\\s+IN\\s+A\\s+127\\.77\\.10\\.2");
    assertThat(dig("www.other.com", "A")).contains("status: NOERROR").contains("127.77.10.3");
    assertThat(dig("nothing.example.com", "A")).contains("status: NXDOMAIN");
    assertThat(dig("example.com", "MX")).containsPattern("MX\\s+10 mx1\\.example\\.com\\.");
    assertThat(dig("big.example.com", "TXT")).contains("status: NOERROR").contains("ANSWER: 1");
  }
}
