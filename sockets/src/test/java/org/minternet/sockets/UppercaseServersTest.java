package org.minternet.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minternet.core.tap.Transcript;

class UppercaseServersTest {
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Many clients at once, each holding its connection open over several lines. */
  private static void manyConcurrentClients(InetSocketAddress server, int clients) throws Exception {
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    List<Socket> sockets = new ArrayList<>();
    // open every connection first, so that all are concurrent
    for (int i = 0; i < clients; i++) {
      Socket s = new Socket();
      s.connect(server, 5000);
      s.setSoTimeout(10_000);
      sockets.add(s);
    }
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Socket s = sockets.get(i);
      int n = i;
      threads.add(Thread.ofVirtual().start(() -> {
        try (s) {
          OutputStream out = s.getOutputStream();
          BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
          for (int k = 0; k < 3; k++) {
            out.write(("client " + n + " line " + k + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String reply = in.readLine();
            if (!("CLIENT " + n + " LINE " + k).equals(reply)) failures.add(n + ": " + reply);
          }
        } catch (IOException e) {
          failures.add(n + ": " + e);
        }
      }));
    }
    for (Thread t : threads) t.join();
    assertThat(failures).isEmpty();
  }

  @Test
  void threadPerConnectionServerServesManyClientsAtOnce() throws Exception {
    try (TcpUppercaseServer s = TcpUppercaseServer.start(LOOPBACK, 0, "test", 1000, TIMEOUT, Transcript.NONE)) {
      InetSocketAddress a = new InetSocketAddress(LOOPBACK, s.endpoint().port());
      manyConcurrentClients(a, 200);
      assertThat(UppercaseClient.tcp(a, "Hello, wörld", TIMEOUT)).isEqualTo("HELLO, WöRLD");
    }
  }

  @Test
  void selectorServerServesManyClientsAtOnce() throws Exception {
    try (SelectorUppercaseServer s = SelectorUppercaseServer.start(LOOPBACK, 0, "test", 1000, TIMEOUT)) {
      InetSocketAddress a = new InetSocketAddress(LOOPBACK, s.port());
      manyConcurrentClients(a, 200);
      assertThat(UppercaseClient.tcp(a, "select me", TIMEOUT)).isEqualTo("SELECT ME");
    }
  }

  @Test
  void bothServersRefuseOverlongLinesWithAnErrorLine() throws Exception {
    try (TcpUppercaseServer t = TcpUppercaseServer.start(LOOPBACK, 0, "test", 10, TIMEOUT, Transcript.NONE);
        SelectorUppercaseServer s = SelectorUppercaseServer.start(LOOPBACK, 0, "test", 10, TIMEOUT)) {
      for (int port : new int[] {t.endpoint().port(), s.port()}) {
        try (Socket c = new Socket(LOOPBACK, port)) {
          c.setSoTimeout(5000);
          c.getOutputStream().write(("a".repeat(20_000) + "\n").getBytes(StandardCharsets.US_ASCII));
          String line = new BufferedReader(new InputStreamReader(c.getInputStream())).readLine();
          assertThat(line).startsWith("ERROR line longer than");
        }
      }
    }
  }

  @Test
  void selectorServerClosesIdleConnections() throws Exception {
    try (SelectorUppercaseServer s = SelectorUppercaseServer.start(LOOPBACK, 0, "test", 10, Duration.ofMillis(300));
        Socket c = new Socket(LOOPBACK, s.port())) {
      c.setSoTimeout(10_000);
      assertThat(c.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void selectorServerClosesConnectionsBeyondItsLimit() throws Exception {
    try (SelectorUppercaseServer s = SelectorUppercaseServer.start(LOOPBACK, 0, "test", 2, TIMEOUT);
        Socket a = new Socket(LOOPBACK, s.port());
        Socket b = new Socket(LOOPBACK, s.port());
        Socket third = new Socket(LOOPBACK, s.port())) {
      third.setSoTimeout(5000);
      third.getOutputStream().write("x\n".getBytes(StandardCharsets.US_ASCII));
      int r;
      try {
        r = third.getInputStream().read();
      } catch (IOException reset) {
        r = -1;
      }
      assertThat(r).as("third connection closed without an answer").isEqualTo(-1);
      InetSocketAddress addr = new InetSocketAddress(LOOPBACK, s.port());
      a.close();
      // once a slot is free, new clients are served again
      String answer = null;
      for (int i = 0; i < 50 && answer == null; i++) {
        try {
          answer = UppercaseClient.tcp(addr, "again", TIMEOUT);
        } catch (IOException closedStill) {
          Thread.sleep(20);
        }
      }
      assertThat(answer).isEqualTo("AGAIN");
    }
  }

  @Test
  void udpServerAnswersInUpperCase() throws Exception {
    try (UdpUppercaseServer s = UdpUppercaseServer.start(LOOPBACK, 0, "test", Transcript.NONE)) {
      InetSocketAddress a = new InetSocketAddress(LOOPBACK, s.endpoint().port());
      assertThat(UppercaseClient.udp(a, "over udp", TIMEOUT)).isEqualTo("OVER UDP");
    }
  }
}
