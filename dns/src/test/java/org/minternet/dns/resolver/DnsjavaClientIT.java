package org.minternet.dns.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** dnsjava (an independent stub resolver, from Maven) as a client of our resolver service. */
class DnsjavaClientIT {
  static TestHierarchy world;
  static RecursiveResolver resolver;
  static ResolverServer server;

  @BeforeAll
  static void start() throws Exception {
    world = new TestHierarchy();
    resolver = world.resolver().build();
    server = ResolverServer.builder().resolver(resolver).bind(InetAddress.getLoopbackAddress())
        .port(0).start();
  }

  @AfterAll
  static void stop() {
    server.close();
    resolver.close();
    world.close();
  }

  static SimpleResolver stub(boolean tcp) throws Exception {
    SimpleResolver r = new SimpleResolver(InetAddress.getLoopbackAddress());
    r.setPort(server.port());
    r.setTCP(tcp);
    r.setTimeout(Duration.ofSeconds(5));
    return r;
  }

  @Test
  void simpleResolverGetsRecursiveAnswersOverUdpAndTcp() throws Exception {
    for (boolean tcp : List.of(false, true)) {
      Message q = Message.newQuery(Record.newRecord(Name.fromString("chain1.example.com."),
          Type.A, DClass.IN));
      Message r = stub(tcp).send(q);
      assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(r.getHeader().getFlag(Flags.RA)).isTrue();
      assertThat(r.getHeader().getFlag(Flags.RD)).isTrue();
      List<Record> answers = r.getSection(Section.ANSWER);
      assertThat(answers).hasSize(4);
      assertThat(answers.get(0)).isInstanceOf(CNAMERecord.class);
      assertThat(((ARecord) answers.get(3)).getAddress().getHostAddress()).isEqualTo("127.77.10.2");
    }
  }

  @Test
  void lookupFollowsOurAnswersForMxAndNxdomain() throws Exception {
    Lookup mx = new Lookup("example.com.", Type.MX);
    mx.setResolver(stub(false));
    mx.setCache(null);
    Record[] records = mx.run();
    assertThat(mx.getResult()).isEqualTo(Lookup.SUCCESSFUL);
    assertThat(records).hasSize(2);
    assertThat(((MXRecord) records[0]).getTarget().toString()).startsWith("mx");

    Lookup nx = new Lookup("nothing.example.com.", Type.A);
    nx.setResolver(stub(false));
    nx.setCache(null);
    nx.run();
    assertThat(nx.getResult()).isEqualTo(Lookup.HOST_NOT_FOUND);

    Lookup nodata = new Lookup("www.example.com.", Type.AAAA);
    nodata.setResolver(stub(false));
    nodata.setCache(null);
    nodata.run();
    assertThat(nodata.getResult()).isEqualTo(Lookup.TYPE_NOT_FOUND);
  }
}
