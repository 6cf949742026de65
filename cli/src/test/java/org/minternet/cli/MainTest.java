package org.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void versionAndHelpEverywhere() {
    assertThat(Main.execute("--version")).isZero();
    assertThat(out()).startsWith("minternet ");
    assertThat(Main.execute("sockets", "ping", "--help")).isZero();
    assertThat(out()).contains("--count", "--interval");
    assertThat(Main.execute("up", "--help")).isZero();
    assertThat(out()).contains("--world", "--ports", "--data", "--json");
  }

  @Test
  void everyCommandHasHelp() {
    picocli.CommandLine root = new picocli.CommandLine(new Main());
    java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
    collect(root, new java.util.ArrayList<>(), paths);
    assertThat(paths).hasSizeGreaterThan(20);
    for (java.util.List<String> path : paths) {
      java.util.List<String> args = new java.util.ArrayList<>(path);
      args.add("--help");
      assertThat(Main.execute(args.toArray(String[]::new))).as("%s --help", path).isZero();
    }
    assertThat(out()).contains("Usage: minternet dig", "Usage: minternet mail send", "Usage: minternet fetch");
  }

  private static void collect(picocli.CommandLine cl, java.util.List<String> prefix,
      java.util.List<java.util.List<String>> out) {
    for (var e : cl.getSubcommands().entrySet()) {
      if (e.getKey().equals("help")) continue;
      java.util.List<String> p = new java.util.ArrayList<>(prefix);
      p.add(e.getKey());
      out.add(p);
      collect(e.getValue(), p, out);
    }
  }

  @Test
  void wrongUsageExitsWithTwo() {
    assertThat(Main.execute("sockets", "ping", "--count", "many", "127.0.0.1")).isEqualTo(Main.USAGE);
    assertThat(Main.execute("no-such-command")).isEqualTo(Main.USAGE);
  }

  @Test
  void failuresAreOneLineWithoutStackTraces() throws Exception {
    Path bad = dir.resolve("bad.world");
    Files.writeString(bad, "host a.b 10.1.1.1\n");
    assertThat(Main.execute("world", "check", bad.toString())).isEqualTo(Main.FAILED);
    assertThat(err().strip()).startsWith("minternet: ").contains("bad.world:1:").doesNotContain("\tat ");
  }

  @Test
  void upStartsAWorldAndPrintsJsonEndpoints() throws Exception {
    Path world = dir.resolve("tiny.world");
    Files.writeString(world, "world tiny\nhost echo.test 127.77.0.1 tcp-upper udp-upper\n");
    assertThat(Main.execute("up", "--world", world.toString(), "--data", dir.toString(), "--json", "--check"))
        .isZero();
    assertThat(out().lines()).containsExactly(
        "{\"host\":\"echo.test\",\"address\":\"127.77.0.1\",\"port\":12000,\"protocol\":\"tcp\",\"service\":\"tcp-upper\"}",
        "{\"host\":\"echo.test\",\"address\":\"127.77.0.1\",\"port\":12000,\"protocol\":\"udp\",\"service\":\"udp-upper\"}");
  }

  @Test
  void upTableShowsHowToTryEachService() throws Exception {
    Path world = dir.resolve("tiny.world");
    Files.writeString(world, "world tiny\nhost echo.test 127.77.0.2 tcp-upper\n");
    assertThat(Main.execute("up", "--world", world.toString(), "--data", dir.toString(), "--check")).isZero();
    assertThat(out()).contains("HOST", "echo.test", "127.77.0.2", "tcp-upper", "12000/tcp", "nc -q1 127.77.0.2 12000");
  }
}
