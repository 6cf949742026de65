package org.minternet.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorldFileTest {
  @Test
  void defaultWorldHasTheTextbookCast() {
    WorldSpec w = WorldFile.defaultWorld();
    assertThat(w.name()).isEqualTo("default");
    assertThat(w.host("a.root-servers.net")).get().extracting(h -> h.address().getHostAddress()).isEqualTo("127.1.0.1");
    assertThat(w.host("gaia.cs.umass.edu")).get().matches(h -> h.runs("http") && h.runs("tcp-upper"));
    assertThat(w.hostsRunning("smtp")).extracting(HostSpec::name).containsExactly("mail.crepes.fr", "mail.hamburger.edu");
    assertThat(w.zones()).extracting(WorldSpec.ZoneSpec::name).contains(".", "com", "edu", "fr", "umass.edu");
    assertThat(w.users()).extracting(WorldSpec.UserSpec::address).contains("alice@crepes.fr", "bob@hamburger.edu");
    assertThat(w.host("gaia.cs.umass.edu").orElseThrow().services())
        .filteredOn(s -> s.kind().equals("udp-ping")).first()
        .extracting(s -> s.option("loss", "0")).isEqualTo("0.2");
  }

  @Test
  void parsesCommentsCaseAndTrailingDots() {
    WorldSpec w = WorldFile.parse("""
        # a tiny world
        world tiny
        HOST Web.Example.COM. 127.9.0.1 http   # trailing comment
        host ns.example.com 127.9.0.2 dns
        zone example.com ns.example.com
        mx example.com web.example.com 5
        user Ann@Example.com pw
        """, "tiny.world");
    assertThat(w.name()).isEqualTo("tiny");
    assertThat(w.host("web.example.com")).isPresent();
    assertThat(w.mx().get(0).preference()).isEqualTo(5);
    assertThat(w.users().get(0).domain()).isEqualTo("example.com");
  }

  @Test
  void errorsNameTheFileAndLine() {
    assertThatThrownBy(() -> WorldFile.parse("world x\nhost a.b 127.0.0.1 gopher\n", "w.world"))
        .isInstanceOf(WorldFileException.class).hasMessageStartingWith("w.world:2: unknown service 'gopher'");
    assertThatThrownBy(() -> WorldFile.parse("host a.b 10.0.0.1\n", "w.world"))
        .hasMessageContaining("w.world:1:").hasMessageContaining("loopback");
    assertThatThrownBy(() -> WorldFile.parse("host a.b 127.0.0.9\nhost c.d 127.0.0.9\n", "w.world"))
        .hasMessageContaining("w.world:2:").hasMessageContaining("already used");
    assertThatThrownBy(() -> WorldFile.parse("hots a.b 127.0.0.1\n", "w.world"))
        .hasMessageContaining("unknown statement 'hots'");
    assertThatThrownBy(() -> WorldFile.parse("host bad_name 127.0.0.1\n", "w.world"))
        .hasMessageContaining("not a valid host name");
    assertThatThrownBy(() -> WorldFile.parse("host a.b 127.0.0.1 http\nzone b a.b\n", "w.world"))
        .hasMessageContaining("does not run the dns service");
    assertThatThrownBy(() -> WorldFile.parse("user nobody pw\n", "w.world"))
        .hasMessageContaining("w.world:1: user must be an address");
  }

  @Test
  void freePortPlanGivesDnsAndResolverOnePort() {
    PortPlan plan = PortPlan.free(WorldFile.defaultWorld());
    assertThat(plan.port("dns")).isEqualTo(plan.port("resolver")).isBetween(20000, 60000);
    assertThat(PortPlan.unprivileged().port("smtp")).isEqualTo(2525);
    assertThat(PortPlan.standard().port("smtp")).isEqualTo(25);
    assertThatThrownBy(() -> PortPlan.of("weird")).isInstanceOf(IllegalArgumentException.class);
  }
}
