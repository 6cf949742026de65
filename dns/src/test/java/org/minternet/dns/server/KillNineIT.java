package org.minternet.dns.server;

import org.minternet.dns.client.DnsClient;
import org.minternet.dns.client.DnsUpdate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.Tsig;
import org.minternet.dns.wire.TxtRData;

/** An acknowledged UPDATE survives killing the server with SIGKILL (a separate JVM). */
class KillNineIT {
  static final String SECRET = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY=";

  @Test
  void acknowledgedUpdatesSurviveKillNine(@TempDir Path dir) throws Exception {
    Path zone = dir.resolve("dyn.zone");
    Files.writeString(zone, "$TTL 300\n@ SOA ns hm 1 3600 600 86400 60\n NS ns\nns A 127.0.0.1\n");
    InetAddress addr = InetAddress.getByName("127.3.2.1");
    int port;
    try (DatagramSocket probe = new DatagramSocket(0, addr)) {
      port = probe.getLocalPort();
    }
    InetSocketAddress server = new InetSocketAddress(addr, port);
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ServeMain.class.getName(),
        "127.3.2.1", String.valueOf(port), "dyn.test.", zone.toString(), "update-key.", SECRET,
        dir.resolve("dns.db").toString());
    Tsig.Key key = Tsig.Key.hmacSha256("update-key.", SECRET);
    Process first = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("first.log").toFile()).start();
    try {
      awaitServing(server, first, dir.resolve("first.log"));
      for (int i = 0; i < 5; i++) {
        int rcode = new DnsUpdate(Name.of("dyn.test."))
            .add(Name.of("r" + i + ".dyn.test."), 300, TxtRData.of("kept " + i))
            .send(server, key, DnsClient.Options.DEFAULT);
        assertThat(rcode).isEqualTo(Rcode.NOERROR);
      }
    } finally {
      first.destroyForcibly(); // SIGKILL: no shutdown hook runs
      first.waitFor();
    }
    Process second = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("second.log").toFile()).start();
    try {
      awaitServing(server, second, dir.resolve("second.log"));
      for (int i = 0; i < 5; i++) {
        Message m = DnsClient.query(server, Message.query(0,
            Question.in(Name.of("r" + i + ".dyn.test."), RrTypes.TXT), false), DnsClient.Options.DEFAULT).response();
        assertThat(m.answers()).as("r" + i).hasSize(1);
      }
      Message soa = DnsClient.query(server, Message.query(0, Question.in(Name.of("dyn.test."), RrTypes.SOA), false),
          DnsClient.Options.DEFAULT).response();
      assertThat(soa.answers().get(0).data().toText()).contains(" 6 3600 600 86400 60");
    } finally {
      second.destroyForcibly();
      second.waitFor();
    }
  }

  private static void awaitServing(InetSocketAddress server, Process p, Path log) throws Exception {
    DnsClient.Options quick = new DnsClient.Options(Duration.ofMillis(200), 1, false);
    for (int i = 0; i < 150; i++) {
      if (!p.isAlive()) throw new AssertionError("server exited: " + Files.readString(log));
      try {
        DnsClient.query(server, Message.query(0, Question.in(Name.of("dyn.test."), RrTypes.SOA), false), quick);
        return;
      } catch (java.io.IOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("server did not start: " + Files.readString(log) + File.separator);
  }
}
