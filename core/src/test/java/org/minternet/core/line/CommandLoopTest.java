package org.minternet.core.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minternet.core.net.Connection;
import org.minternet.core.net.TcpListener;

/** Drives the shared command loop with a tiny protocol: HELLO, then ECHO; BOOM fails inside. */
class CommandLoopTest {
  enum State { NEW, GREETED }

  static final class TestSession extends LineSession<State> {
    TestSession(Connection c) {
      super(c, State.NEW);
    }
  }

  static final class TestProtocol implements LineProtocol<TestSession, State> {
    final CommandTable<TestSession, State> table = new CommandTable<TestSession, State>(State.class)
        .add("HELLO", (s, a) -> {
          s.state(State.GREETED);
          s.reply(Reply.of("200 hello " + a));
        }, State.NEW)
        .add("ECHO", (s, a) -> {
          if (a.isEmpty()) throw new ProtocolException(Reply.of("501 nothing to echo"));
          s.reply(Reply.of("200 " + a));
        }, State.GREETED)
        .add("BOOM", (s, a) -> {
          throw new IllegalStateException("secret internal detail");
        })
        .add("QUIT", (s, a) -> s.reply(Reply.closing("221 bye")));

    @Override
    public String name() {
      return "test";
    }

    @Override
    public TestSession newSession(Connection connection) {
      return new TestSession(connection);
    }

    @Override
    public Reply greeting(TestSession session) {
      return Reply.of("220 ready");
    }

    @Override
    public CommandTable<TestSession, State> commands() {
      return table;
    }

    @Override
    public Reply unknownCommand(TestSession s, String verb) {
      return Reply.of("500 unknown");
    }

    @Override
    public Reply badSequence(TestSession s, String verb) {
      return Reply.of("503 bad sequence for " + verb);
    }

    @Override
    public Reply lineTooLong(TestSession s) {
      return Reply.of("500 line too long");
    }

    @Override
    public Reply malformedLine(TestSession s) {
      return Reply.of("500 bad line end");
    }

    @Override
    public Reply timeout(TestSession s) {
      return Reply.of("421 timeout");
    }

    @Override
    public Reply internalError(TestSession s) {
      return Reply.closing("451 internal error");
    }

    @Override
    public Reply tooManyErrors(TestSession s) {
      return Reply.closing("421 too many errors");
    }

    @Override
    public int maxErrors() {
      return 3;
    }
  }

  TcpListener listener;

  @BeforeEach
  void start() throws IOException {
    listener = TcpListener.builder().name("test").port(0).maxLineLength(64)
        .idleTimeout(Duration.ofMillis(500)).handler(new CommandLoop<>(new TestProtocol())).start();
  }

  @AfterEach
  void stop() {
    listener.close();
  }

  private List<String> converse(String... lines) throws IOException {
    try (Socket s = new Socket(listener.address(), listener.port())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      for (String l : lines) out.write(l.getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      List<String> got = new ArrayList<>();
      for (String l; (l = in.readLine()) != null; ) got.add(l);
      return got;
    }
  }

  @Test
  void commandsRunInTheirStatesAndCaseDoesNotMatter() throws IOException {
    assertThat(converse("echo x\r\n", "hello me\r\n", "Echo hi there\r\n", "ECHO\r\n", "QUIT\r\n"))
        .containsExactly("220 ready", "503 bad sequence for ECHO", "200 hello me", "200 hi there",
            "501 nothing to echo", "221 bye");
  }

  @Test
  void unknownVerbsAndTooManyErrorsCloseTheConnection() throws IOException {
    assertThat(converse("FOO\r\n", "BAR\r\n", "BAZ\r\n", "HELLO x\r\n"))
        .containsExactly("220 ready", "500 unknown", "500 unknown", "500 unknown", "421 too many errors");
  }

  @Test
  void overlongLineGetsTheProtocolReplyAndTheSessionContinues() throws IOException {
    assertThat(converse("HELLO " + "x".repeat(200) + "\r\n", "HELLO y\r\n", "QUIT\r\n"))
        .containsExactly("220 ready", "500 line too long", "200 hello y", "221 bye");
  }

  @Test
  void bareLineFeedIsRejected() throws IOException {
    assertThat(converse("HELLO x\n", "QUIT\r\n")).containsExactly("220 ready", "500 bad line end", "221 bye");
  }

  @Test
  void internalFailureNeverLeaksItsText() throws IOException {
    List<String> got = converse("BOOM\r\n");
    assertThat(got).containsExactly("220 ready", "451 internal error");
    assertThat(String.join("\n", got)).doesNotContain("secret").doesNotContain("Exception");
  }

  @Test
  void idleClientGetsTheTimeoutReply() throws IOException {
    assertThat(converse()).containsExactly("220 ready", "421 timeout");
  }
}
