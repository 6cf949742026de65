package org.minternet.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TcpListenerTest {
  @Test
  void portZeroBindsAFreePortAndReportsIt() throws IOException {
    try (TcpListener l = TcpListener.builder().port(0).handler(c -> {}).start()) {
      assertThat(l.port()).isPositive();
      assertThat(l.endpoint("h", "s").hostPort()).endsWith(":" + l.port());
    }
  }

  @Test
  void severalAcceptorsShareThePortAndServeEveryConnection() throws Exception {
    try (TcpListener l = TcpListener.builder().port(0).acceptors(3).handler(c -> {
      c.writeLine("hello " + c.readLine());
      c.flush();
    }).start()) {
      for (int i = 0; i < 20; i++) {
        try (Socket s = new Socket(l.address(), l.port())) {
          s.setSoTimeout(5000);
          s.getOutputStream().write(("n" + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
          BufferedReader in = new BufferedReader(
              new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
          assertThat(in.readLine()).isEqualTo("hello n" + i);
        }
      }
      assertThat(l.acceptedConnections()).isEqualTo(20);
    }
  }

  @Test
  void severalAcceptorsRefuseAPortAnotherSocketHolds() throws Exception {
    // the other holder sets SO_REUSEPORT too (another server of ours): joining it would be allowed
    try (java.net.ServerSocket held = new java.net.ServerSocket()) {
      held.setOption(java.net.StandardSocketOptions.SO_REUSEPORT, true);
      held.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
      TcpListener.Builder b = TcpListener.builder().bind(java.net.InetAddress.getLoopbackAddress())
          .port(held.getLocalPort()).acceptors(2).handler(c -> {});
      org.assertj.core.api.Assertions.assertThatThrownBy(b::start)
          .isInstanceOf(IOException.class).hasMessageContaining("cannot listen");
    }
  }

  @Test
  void quickAckTurnsOnTheKernelsImmediateAcknowledgement() throws Exception {
    java.util.concurrent.atomic.AtomicReference<Object> seen = new java.util.concurrent.atomic.AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    try (TcpListener l = TcpListener.builder().port(0).handler(c -> {
      c.readLine();
      c.quickAck();
      try {
        seen.set(c.socket().getOption(jdk.net.ExtendedSocketOptions.TCP_QUICKACK));
      } catch (UnsupportedOperationException e) {
        seen.set("unsupported");
      }
      done.countDown();
    }).start(); Socket s = new Socket("127.0.0.1", l.port())) {
      s.getOutputStream().write("go\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }
    boolean linux = System.getProperty("os.name", "").startsWith("Linux");
    assertThat(seen.get()).isEqualTo(linux ? (Object) Boolean.TRUE : "unsupported");
  }

  @Test
  void connectionsBeyondTheLimitArePolitelyRejected() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch serving = new CountDownLatch(2);
    try (TcpListener l = TcpListener.builder().port(0).maxConnections(2)
        .rejecter(c -> c.writeLine("421 too busy"))
        .handler(c -> {
          serving.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }).start()) {
      List<Socket> held = new ArrayList<>();
      for (int i = 0; i < 2; i++) held.add(new Socket(l.address(), l.port()));
      assertThat(serving.await(5, TimeUnit.SECONDS)).isTrue();
      try (Socket third = new Socket(l.address(), l.port())) {
        third.setSoTimeout(5000);
        String line = new BufferedReader(new InputStreamReader(third.getInputStream())).readLine();
        assertThat(line).isEqualTo("421 too busy");
      }
      assertThat(l.rejectedConnections()).isEqualTo(1);
      release.countDown();
      for (Socket s : held) s.close();
    }
  }

  @Test
  void idleConnectionsAreClosed() throws IOException {
    try (TcpListener l = TcpListener.builder().port(0).idleTimeout(Duration.ofMillis(200))
        .handler(c -> c.readLine()).start();
        Socket s = new Socket(l.address(), l.port())) {
      s.setSoTimeout(10_000);
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
  }

  /** With the read watchdog an idle read still times out, and the handler can still reply. */
  @Test
  void idleReadTimesOutByWatchdogAndTheReplyStillGoesOut() throws IOException {
    try (TcpListener l = TcpListener.builder().port(0).idleTimeout(Duration.ofMillis(200))
        .readTimeoutsByWatchdog(true).handler(c -> {
          try {
            c.readLine();
          } catch (SocketTimeoutException e) {
            c.writeLine("timed out");
            c.flush();
          }
        }).start();
        Socket s = new Socket(l.address(), l.port())) {
      s.setSoTimeout(10_000);
      BufferedReader in = new BufferedReader(
          new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(in.readLine()).isEqualTo("timed out");
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  /** With the read watchdog a slow sender is cut off by the deadline; a fast one is not. */
  @Test
  void watchdogDeadlineCutsOffASlowSenderButNotAPromptOne() throws Exception {
    CountDownLatch timedOut = new CountDownLatch(1);
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (TcpListener l = TcpListener.builder().port(0).idleTimeout(Duration.ofSeconds(30))
        .readTimeoutsByWatchdog(true).handler(c -> {
          c.deadline(Duration.ofMillis(300));
          try {
            for (String line; (line = c.readLine()) != null; ) lines.add(line);
          } catch (SocketTimeoutException e) {
            timedOut.countDown();
          }
        }).start()) {
      try (Socket prompt = new Socket(l.address(), l.port())) {
        prompt.getOutputStream().write("one\r\ntwo\r\n".getBytes(StandardCharsets.US_ASCII));
        prompt.shutdownOutput();
        prompt.setSoTimeout(10_000);
        assertThat(prompt.getInputStream().read()).isEqualTo(-1);
      }
      assertThat(lines).containsExactly("one", "two");
      try (Socket slow = new Socket(l.address(), l.port())) {
        for (int i = 0; i < 50 && timedOut.getCount() > 0; i++) {
          try {
            slow.getOutputStream().write('x');
          } catch (IOException e) {
            break;
          }
          Thread.sleep(100);
        }
      }
      assertThat(timedOut.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void deadlineCutsOffASlowSender() throws Exception {
    CountDownLatch timedOut = new CountDownLatch(1);
    try (TcpListener l = TcpListener.builder().port(0).idleTimeout(Duration.ofSeconds(30))
        .handler(c -> {
          c.deadline(Duration.ofMillis(300));
          try {
            while (c.readLine() != null) {
              // a slowloris peer keeps sending a byte now and then
            }
          } catch (SocketTimeoutException e) {
            timedOut.countDown();
          }
        }).start();
        Socket s = new Socket(l.address(), l.port())) {
      for (int i = 0; i < 20 && timedOut.getCount() > 0; i++) {
        try {
          s.getOutputStream().write('x');
        } catch (IOException e) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(timedOut.await(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void closeStopsAcceptingAndClosesOpenConnections() throws Exception {
    CountDownLatch serving = new CountDownLatch(1);
    TcpListener l = TcpListener.builder().port(0).idleTimeout(Duration.ZERO)
        .handler(c -> {
          serving.countDown();
          c.readLine();
        }).start();
    int port = l.port();
    try (Socket s = new Socket(l.address(), port)) {
      s.setSoTimeout(5000);
      assertThat(serving.await(5, TimeUnit.SECONDS)).isTrue();
      l.close();
      InputStream in = s.getInputStream();
      int r;
      try {
        r = in.read();
      } catch (IOException reset) {
        r = -1;
      }
      assertThat(r).isEqualTo(-1);
    }
    assertThat(l.activeConnections()).isZero();
  }

  @Test
  void manyConcurrentClientsAreServed() throws Exception {
    try (TcpListener l = TcpListener.builder().port(0).handler(c -> {
      String line;
      while ((line = c.readLine()) != null) {
        c.writeLine("echo " + line);
        c.flush();
      }
    }).start()) {
      List<Thread> threads = new ArrayList<>();
      List<String> answers = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int i = 0; i < 300; i++) {
        int n = i;
        threads.add(Thread.ofVirtual().start(() -> {
          try (Socket s = new Socket(l.address(), l.port())) {
            s.getOutputStream().write(("hi " + n + "\r\n").getBytes(StandardCharsets.US_ASCII));
            answers.add(new BufferedReader(new InputStreamReader(s.getInputStream())).readLine());
          } catch (IOException e) {
            answers.add("failed: " + e);
          }
        }));
      }
      for (Thread t : threads) t.join();
      assertThat(answers).hasSize(300).allMatch(a -> a.startsWith("echo hi "));
    }
  }
}
