package org.minternet.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.minternet.core.Endpoint;

/** The default world starts inside a test, on free ports, each host on its own address. */
@MinternetWorld
class WorldExtensionTest {
  @Test
  void socketProgramsOfTheWorldAnswer(World world) throws Exception {
    Endpoint e = world.require("gaia.cs.umass.edu", "tcp-upper");
    assertThat(e.address().getHostAddress()).isEqualTo("127.4.0.1");
    assertThat(world.options().ports().mode()).isEqualTo(PortPlan.Mode.FREE);
    try (Socket s = new Socket(e.address(), e.port())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write("hello world\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(new BufferedReader(new InputStreamReader(s.getInputStream())).readLine()).isEqualTo("HELLO WORLD");
    }
    assertThat(world.transcript().snapshot()).anyMatch(t -> t.text().equals("hello world"));
  }

  @Test
  void everyEndpointIsListeningOnItsHostsAddress(World world) {
    assertThat(world.endpoints()).isNotEmpty().allSatisfy(e -> {
      assertThat(e.port()).isPositive();
      assertThat(world.spec().host(e.host()).orElseThrow().address()).isEqualTo(e.address());
    });
  }
}
