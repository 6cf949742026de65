package org.minternet.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** dnsjava's SimpleResolver, an in-JVM client nobody here wrote, against our servers. */
class DnsjavaResolverIT {
  static Hierarchy world;

  @BeforeAll
  static void start() throws Exception {
    world = new Hierarchy();
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  private static Message ask(String server, String name, int type, boolean tcp) throws Exception {
    SimpleResolver r = new SimpleResolver(server);
    r.setPort(world.port);
    r.setTCP(tcp);
    r.setTimeout(Duration.ofSeconds(3));
    Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    q.getHeader().unsetFlag(Flags.RD);
    return r.send(q);
  }

  @Test
  void answersReferralsAndNegativeAnswers() throws Exception {
    for (boolean tcp : new boolean[] {false, true}) {
      Message a = ask(Hierarchy.AUTH_ADDR, "www.someschool.edu.", Type.A, tcp);
      assertThat(a.getHeader().getFlag(Flags.AA)).isTrue();
      assertThat(((ARecord) a.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress())
          .isEqualTo("127.4.0.1");
      Message referral = ask(Hierarchy.ROOT_ADDR, "www.someschool.edu.", Type.A, tcp);
      assertThat(referral.getHeader().getFlag(Flags.AA)).isFalse();
      assertThat(referral.getSection(Section.AUTHORITY).get(0).getType()).isEqualTo(Type.NS);
      assertThat(referral.getSection(Section.ADDITIONAL).get(0).rdataToString()).isEqualTo("127.2.0.1");
      Message nx = ask(Hierarchy.AUTH_ADDR, "nope.someschool.edu.", Type.A, tcp);
      assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(nx.getSection(Section.AUTHORITY).get(0).getType()).isEqualTo(Type.SOA);
      Message mx = ask(Hierarchy.AUTH_ADDR, "someschool.edu.", Type.MX, tcp);
      assertThat(mx.getSection(Section.ADDITIONAL).get(0).rdataToString()).isEqualTo("127.5.0.1");
    }
  }
}
