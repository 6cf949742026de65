package org.minternet.dns.server;

import org.minternet.dns.client.DnsClient;
import org.minternet.dns.client.DnsUpdate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.store.Store;
import org.minternet.dns.wire.ARData;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.Tsig;
import org.minternet.dns.wire.TxtRData;
import org.minternet.dns.zone.Zone;

class DynamicUpdateTest {
  static final Tsig.Key KEY = Tsig.Key.hmacSha256("update-key.",
      "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY=");
  static final Name ORIGIN = Name.of("dyn.test.");

  @TempDir Path dir;

  static Zone zone() throws Exception {
    return Zone.builder(ORIGIN).add("@", 300, "SOA", "ns hm 10 1 1 600 60").add("@", 300, "NS", "ns")
        .add("ns", 300, "A", "127.0.0.1").add("old", 300, "A", "192.0.2.1").build();
  }

  private static InetSocketAddress at(AuthoritativeServer s) {
    return new InetSocketAddress(s.address(), s.port());
  }

  private static Message ask(AuthoritativeServer s, String name, int type) throws Exception {
    return DnsClient.query(at(s), Message.query(0, Question.in(Name.of(name), type), false),
        DnsClient.Options.DEFAULT).response();
  }

  private static long serial(AuthoritativeServer s) throws Exception {
    return s.zone(ORIGIN).serial();
  }

  @Test
  void appliesSignedUpdatesDurablyAndBumpsTheSerial() throws Exception {
    Path db = dir.resolve("dns.db");
    try (Store store = Store.sqlite(db);
        AuthoritativeServer s = AuthoritativeServer.builder().port(0).zone(zone()).updateKey(KEY)
            .store(store).start()) {
      int rcode = new DnsUpdate(ORIGIN)
          .add(Name.of("new.dyn.test."), 300, new ARData((java.net.Inet4Address) InetAddress.getByName("192.0.2.7")))
          .add(Name.of("new.dyn.test."), 300, TxtRData.of("hello"))
          .deleteRRset(Name.of("old.dyn.test."), RrTypes.A)
          .send(at(s), KEY, DnsClient.Options.DEFAULT);
      assertThat(rcode).isEqualTo(Rcode.NOERROR);
      assertThat(ask(s, "new.dyn.test.", RrTypes.A).answers()).hasSize(1);
      assertThat(ask(s, "old.dyn.test.", RrTypes.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(serial(s)).isEqualTo(11);
    }
    // a restart with the same store (and the same, older, initial zone) keeps the change
    try (Store store = Store.sqlite(db);
        AuthoritativeServer s = AuthoritativeServer.builder().port(0).zone(zone()).updateKey(KEY)
            .store(store).start()) {
      assertThat(serial(s)).isEqualTo(11);
      assertThat(ask(s, "new.dyn.test.", RrTypes.TXT).answers().get(0).data().toText()).isEqualTo("\"hello\"");
    }
  }

  @Test
  void checksPrerequisitesAndSignatures() throws Exception {
    try (AuthoritativeServer s = AuthoritativeServer.builder().port(0).zone(zone()).updateKey(KEY).start()) {
      Name old = Name.of("old.dyn.test.");
      assertThat(new DnsUpdate(ORIGIN).requireNoName(old).add(old, 300, TxtRData.of("x"))
          .send(at(s), KEY, DnsClient.Options.DEFAULT)).isEqualTo(Rcode.YXDOMAIN);
      assertThat(new DnsUpdate(ORIGIN).requireName(Name.of("none.dyn.test.")).deleteName(old)
          .send(at(s), KEY, DnsClient.Options.DEFAULT)).isEqualTo(Rcode.NXDOMAIN);
      assertThat(new DnsUpdate(ORIGIN).requireRRset(old, RrTypes.MX).deleteName(old)
          .send(at(s), KEY, DnsClient.Options.DEFAULT)).isEqualTo(Rcode.NXRRSET);
      assertThat(new DnsUpdate(ORIGIN).requireNoRRset(old, RrTypes.A).deleteName(old)
          .send(at(s), KEY, DnsClient.Options.DEFAULT)).isEqualTo(Rcode.YXRRSET);
      // value-dependent prerequisite: the RRset must be exactly the records given
      ARData one = new ARData((java.net.Inet4Address) InetAddress.getByName("192.0.2.1"));
      ARData two = new ARData((java.net.Inet4Address) InetAddress.getByName("192.0.2.2"));
      assertThat(new DnsUpdate(ORIGIN).require(old, 0, one).require(old, 0, two).deleteName(old)
          .send(at(s), KEY, DnsClient.Options.DEFAULT)).isEqualTo(Rcode.NXRRSET);
      assertThat(new DnsUpdate(ORIGIN).require(old, 0, two).deleteName(old)
          .send(at(s), KEY, DnsClient.Options.DEFAULT)).isEqualTo(Rcode.NXRRSET);
      assertThat(new DnsUpdate(ORIGIN).add(Name.of("x.other.test."), 300, TxtRData.of("x"))
          .send(at(s), KEY, DnsClient.Options.DEFAULT)).isEqualTo(Rcode.NOTZONE);
      assertThat(new DnsUpdate(Name.of("other.test.")).deleteName(old)
          .send(at(s), KEY, DnsClient.Options.DEFAULT)).isEqualTo(Rcode.NOTAUTH);
      // deleting the glue of the apex name server would break the zone: refused
      assertThat(new DnsUpdate(ORIGIN).deleteName(Name.of("ns.dyn.test."))
          .send(at(s), KEY, DnsClient.Options.DEFAULT)).isEqualTo(Rcode.REFUSED);
      Tsig.Key wrong = Tsig.Key.hmacSha256("update-key.", "d3Jvbmctc2VjcmV0");
      assertThat(new DnsUpdate(ORIGIN).deleteName(old).send(at(s), wrong, DnsClient.Options.DEFAULT))
          .isEqualTo(Rcode.NOTAUTH);
      assertThat(serial(s)).isEqualTo(10); // nothing changed
      assertThat(ask(s, "old.dyn.test.", RrTypes.A).answers()).hasSize(1);
      assertThat(new DnsUpdate(ORIGIN).require(old, 0, one).deleteName(old)
          .send(at(s), KEY, DnsClient.Options.DEFAULT)).isEqualTo(Rcode.NOERROR);
      assertThat(serial(s)).isEqualTo(11);
    }
  }

  @Test
  void refusesUnsignedUpdates() throws Exception {
    try (AuthoritativeServer s = AuthoritativeServer.builder().port(0).zone(zone()).updateKey(KEY).start()) {
      Message unsigned = new DnsUpdate(ORIGIN).deleteName(Name.of("old.dyn.test.")).message(5);
      Message r = DnsClient.query(at(s), unsigned, DnsClient.Options.DEFAULT).response();
      assertThat(r.rcode()).isEqualTo(Rcode.REFUSED);
      assertThat(serial(s)).isEqualTo(10);
    }
  }

  @Test
  void secondaryTransfersAndFollowsNotify() throws Exception {
    InetAddress secondaryAddr = InetAddress.getByName("127.0.0.2");
    try (AuthoritativeServer secondaryProbe = AuthoritativeServer.builder().bind(secondaryAddr).port(0).start()) {
      // find a free port on 127.0.0.2 for the secondary, then start the primary notifying it
      int port = secondaryProbe.port();
      secondaryProbe.close();
      // REFRESH is an hour: only the NOTIFY can bring the change within the wait below
      Zone slow = Zone.builder(ORIGIN).add("@", 300, "SOA", "ns hm 10 3600 600 86400 60")
          .add("@", 300, "NS", "ns").add("ns", 300, "A", "127.0.0.1").add("old", 300, "A", "192.0.2.1").build();
      try (AuthoritativeServer primary = AuthoritativeServer.builder().port(0).zone(slow)
              .updateKey(KEY).notify(new InetSocketAddress(secondaryAddr, port)).start();
          AuthoritativeServer secondary = AuthoritativeServer.builder().bind(secondaryAddr).port(port)
              .secondary(ORIGIN, at(primary)).start()) {
        waitFor(() -> secondary.zone(ORIGIN) != null && secondary.zone(ORIGIN).serial() == 10);
        assertThat(ask(secondary, "old.dyn.test.", RrTypes.A).header().aa()).isTrue();
        new DnsUpdate(ORIGIN).add(Name.of("fresh.dyn.test."), 300, TxtRData.of("new"))
            .send(at(primary), KEY, DnsClient.Options.DEFAULT);
        waitFor(() -> secondary.zone(ORIGIN).serial() == 11);
        List<Record> a = ask(secondary, "fresh.dyn.test.", RrTypes.TXT).answers();
        assertThat(a).hasSize(1);
        // the first copy is a whole zone, the change comes as a difference
        assertThat(secondary.transfers(ORIGIN)).containsExactly("AXFR", "IXFR");
        assertThat(new java.util.HashSet<>(secondary.zone(ORIGIN).records()))
            .isEqualTo(new java.util.HashSet<>(primary.zone(ORIGIN).records()));
      }
    }
  }

  @Test
  void incrementalTransfersSendTheDifferencesSinceTheClientsSerial() throws Exception {
    try (AuthoritativeServer s = AuthoritativeServer.builder().port(0).zone(zone()).updateKey(KEY).start()) {
      Zone at10 = s.zone(ORIGIN);
      new DnsUpdate(ORIGIN).add(Name.of("fresh.dyn.test."), 300, TxtRData.of("one"))
          .deleteRRset(Name.of("old.dyn.test."), RrTypes.A).send(at(s), KEY, DnsClient.Options.DEFAULT);
      Zone at11 = s.zone(ORIGIN);
      new DnsUpdate(ORIGIN).add(Name.of("second.dyn.test."), 300, TxtRData.of("two"))
          .send(at(s), KEY, DnsClient.Options.DEFAULT);
      assertThat(serial(s)).isEqualTo(12);

      List<Record> ixfr = DnsClient.incrementalTransfer(at(s), at10.soaRecord(), DnsClient.Options.DEFAULT, null);
      assertThat(ixfr).extracting(DynamicUpdateTest::describe).containsExactly(
          "SOA 12", "SOA 10", "old.dyn.test. A", "SOA 11", "fresh.dyn.test. TXT",
          "SOA 11", "SOA 12", "second.dyn.test. TXT", "SOA 12");
      // applied to the old copy, the differences give the current zone
      Secondary applier = new Secondary(ORIGIN, at(s), new ZoneSet(List.of()), null, null);
      assertThat(new java.util.HashSet<>(applier.applyChanges(at10, ixfr).records()))
          .isEqualTo(new java.util.HashSet<>(s.zone(ORIGIN).records()));
      // from serial 11: one step; from the current serial: the SOA alone
      assertThat(DnsClient.incrementalTransfer(at(s), at11.soaRecord(), DnsClient.Options.DEFAULT, null))
          .extracting(DynamicUpdateTest::describe)
          .containsExactly("SOA 12", "SOA 11", "SOA 12", "second.dyn.test. TXT", "SOA 12");
      assertThat(DnsClient.incrementalTransfer(at(s), s.zone(ORIGIN).soaRecord(), DnsClient.Options.DEFAULT, null))
          .extracting(DynamicUpdateTest::describe).containsExactly("SOA 12");
      // a serial the history does not know: the whole zone, AXFR style
      Record unknown = at10.soaRecord().withData(at10.soa().withSerial(5));
      List<Record> whole = DnsClient.incrementalTransfer(at(s), unknown, DnsClient.Options.DEFAULT, null);
      assertThat(whole.get(1).type()).isNotEqualTo(RrTypes.SOA);
      assertThat(whole).hasSize(s.zone(ORIGIN).records().size() + 1);
    }
  }

  @Test
  void notifySignedWithTheTransferKeyIsAcceptedFromAnyAddress() throws Exception {
    Tsig.Key xfr = Tsig.Key.hmacSha256("xfr.", "eGZyLXNlY3JldC1mb3ItdGhlLWRpZy10ZXN0");
    InetAddress secondaryAddr = InetAddress.getByName("127.0.0.2");
    int port;
    try (java.net.DatagramSocket probe = new java.net.DatagramSocket(new InetSocketAddress(secondaryAddr, 0))) {
      port = probe.getLocalPort();
    }
    Zone slow = Zone.builder(ORIGIN).add("@", 300, "SOA", "ns hm 10 3600 600 86400 60")
        .add("@", 300, "NS", "ns").add("ns", 300, "A", "127.0.0.1").build();
    try (AuthoritativeServer primary = AuthoritativeServer.builder().port(0).zone(slow).updateKey(KEY)
            .transferAllowed(a -> false).transferKey(xfr)
            .notify(new InetSocketAddress(secondaryAddr, port), xfr).start();
        AuthoritativeServer secondary = AuthoritativeServer.builder().bind(secondaryAddr).port(port)
            .secondary(ORIGIN, at(primary), xfr).start()) {
      waitFor(() -> secondary.zone(ORIGIN) != null && secondary.zone(ORIGIN).serial() == 10);
      // the primary's own NOTIFY, signed over TCP
      new DnsUpdate(ORIGIN).add(Name.of("a.dyn.test."), 300, TxtRData.of("1"))
          .send(at(primary), KEY, DnsClient.Options.DEFAULT);
      waitFor(() -> secondary.zone(ORIGIN).serial() == 11);

      // from an address that is not the primary's: signed is accepted, unsigned or forged is not
      new DnsUpdate(ORIGIN).add(Name.of("b.dyn.test."), 300, TxtRData.of("2"))
          .send(at(primary), KEY, DnsClient.Options.DEFAULT);
      DnsClient.Options elsewhere = new DnsClient.Options(java.time.Duration.ofSeconds(2), 1, false,
          InetAddress.getByName("127.0.0.9"));
      Message unsigned = notifyMessage(primary.zone(ORIGIN));
      assertThat(DnsClient.query(at(secondary), unsigned, elsewhere).response().rcode()).isEqualTo(Rcode.REFUSED);
      Tsig.Key forged = Tsig.Key.hmacSha256("xfr.", "Zm9yZ2Vk");
      assertThat(DnsClient.exchangeSigned(at(secondary), notifyMessage(primary.zone(ORIGIN)), forged, elsewhere)
          .rcode()).isEqualTo(Rcode.NOTAUTH);
      assertThat(DnsClient.exchangeSigned(at(secondary), notifyMessage(primary.zone(ORIGIN)), xfr, elsewhere)
          .rcode()).isEqualTo(Rcode.NOERROR);
      waitFor(() -> secondary.zone(ORIGIN).serial() == 12);
    }
  }

  private static Message notifyMessage(Zone z) {
    org.minternet.dns.wire.Header h = new org.minternet.dns.wire.Header(DnsClient.newId(), false,
        org.minternet.dns.wire.Opcode.NOTIFY, true, false, false, false, false, false, 0);
    return new Message(h, List.of(Question.in(ORIGIN, RrTypes.SOA)), List.of(z.soaRecord()), List.of(),
        List.of(), null);
  }

  @Test
  void theHistoryOfUpdatesSurvivesARestart() throws Exception {
    Path db = dir.resolve("journal.db");
    Zone at10 = zone();
    try (Store store = Store.sqlite(db);
        AuthoritativeServer s = AuthoritativeServer.builder().port(0).zone(at10).updateKey(KEY).store(store).start()) {
      new DnsUpdate(ORIGIN).add(Name.of("fresh.dyn.test."), 300, TxtRData.of("with\ttab and \"quotes\""))
          .deleteRRset(Name.of("old.dyn.test."), RrTypes.A).send(at(s), KEY, DnsClient.Options.DEFAULT);
      new DnsUpdate(ORIGIN).add(Name.of("second.dyn.test."), 300, TxtRData.of("two"))
          .send(at(s), KEY, DnsClient.Options.DEFAULT);
    }
    try (Store store = Store.sqlite(db);
        AuthoritativeServer s = AuthoritativeServer.builder().port(0).zone(at10).updateKey(KEY).store(store).start()) {
      assertThat(serial(s)).isEqualTo(12);
      List<Record> ixfr = DnsClient.incrementalTransfer(at(s), at10.soaRecord(), DnsClient.Options.DEFAULT, null);
      assertThat(ixfr).extracting(DynamicUpdateTest::describe).containsExactly(
          "SOA 12", "SOA 10", "old.dyn.test. A", "SOA 11", "fresh.dyn.test. TXT",
          "SOA 11", "SOA 12", "second.dyn.test. TXT", "SOA 12");
      assertThat(ixfr.get(4).data()).isEqualTo(s.zone(ORIGIN).rrset(Name.of("fresh.dyn.test."), RrTypes.TXT).data().get(0));
      Secondary applier = new Secondary(ORIGIN, at(s), new ZoneSet(List.of()), null, null);
      assertThat(new java.util.HashSet<>(applier.applyChanges(at10, ixfr).records()))
          .isEqualTo(new java.util.HashSet<>(s.zone(ORIGIN).records()));
    }
  }

  @Test
  void storedChangesReadBackAsWrittenAndGapsEndTheHistory() throws Exception {
    Zone at10 = zone();
    Zone at11 = at10.toBuilder().removeRRsetAnd(ORIGIN, RrTypes.SOA)
        .add(at10.soaRecord().withData(at10.soa().withSerial(11))).add("x", 60, "TXT", "\"a b\" c").build();
    ZoneJournal.Change change = ZoneJournal.diff(at10, at11);
    assertThat(ZoneJournal.fromText(ZoneJournal.toText(change), ORIGIN)).isEqualTo(change);
    assertThat(ZoneJournal.fromText("garbage", ORIGIN)).isNull();
    ZoneJournal journal = new ZoneJournal();
    journal.seed(at11, List.of(change));
    assertThat(journal.since(at11, 10)).containsExactly(change);
    journal.seed(at10, List.of(change)); // does not lead to serial 10: no history
    assertThat(journal.since(at10, 10)).isNull();
  }

  /** Differences that do not fit the copy they are applied to are refused, never half-applied. */
  @Test
  void differencesThatDoNotFitAreRefused() throws Exception {
    Zone at10 = zone();
    Zone other = at10.toBuilder().removeRRsetAnd(Name.of("old.dyn.test."), RrTypes.A).build();
    Record soa11 = at10.soaRecord().withData(at10.soa().withSerial(11));
    List<Record> answer = List.of(soa11, at10.soaRecord(),
        Record.in(Name.of("old.dyn.test."), 300, new ARData((java.net.Inet4Address) InetAddress.getByName("192.0.2.1"))),
        soa11, soa11);
    Secondary applier = new Secondary(ORIGIN, new InetSocketAddress(InetAddress.getLoopbackAddress(), 9), new ZoneSet(List.of()), null, null);
    assertThat(applier.applyChanges(at10, answer).rrset(Name.of("old.dyn.test."), RrTypes.A)).isNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> applier.applyChanges(other, answer))
        .hasMessageContaining("deletes a record we do not have");
    Record soa9 = at10.soaRecord().withData(at10.soa().withSerial(9));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> applier.applyChanges(at10,
        List.of(soa11, soa9, soa11, soa11))).hasMessageContaining("does not start at serial 10");
  }

  private static String describe(Record r) {
    if (r.data() instanceof org.minternet.dns.wire.SoaRData soa) return "SOA " + soa.serial();
    return r.name() + " " + RrTypes.toText(r.type());
  }

  @Test
  void secondaryTransfersLargeZonesWithATsigKeyOnly() throws Exception {
    Tsig.Key xfr = Tsig.Key.hmacSha256("xfr.", "eGZyLXNlY3JldC1mb3ItdGhlLWRpZy10ZXN0");
    Zone.Builder b = Zone.builder(ORIGIN).add("@", 300, "SOA", "ns hm 10 3600 600 86400 60")
        .add("@", 300, "NS", "ns").add("ns", 300, "A", "127.0.0.1");
    for (int i = 0; i < 2000; i++) b.add("r" + i, 300, "TXT", "\"several messages " + i + "\"");
    try (AuthoritativeServer primary = AuthoritativeServer.builder().port(0).zone(b.build())
            .transferAllowed(a -> false).transferKey(xfr).start();
        AuthoritativeServer secondary = AuthoritativeServer.builder().port(0)
            .secondary(ORIGIN, at(primary), xfr).start()) {
      waitFor(() -> secondary.zone(ORIGIN) != null);
      assertThat(secondary.zone(ORIGIN).records()).hasSize(2003);
      // without the key, or with another one, the primary refuses
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> DnsClient.transfer(at(primary),
          Question.in(ORIGIN, RrTypes.AXFR), DnsClient.Options.DEFAULT)).hasMessageContaining("REFUSED");
      Tsig.Key other = Tsig.Key.hmacSha256("xfr.", "b3RoZXI=");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> DnsClient.transfer(at(primary),
          Question.in(ORIGIN, RrTypes.AXFR), DnsClient.Options.DEFAULT, other)).hasMessageContaining("NOTAUTH");
    }
  }

  @Test
  void secondaryStopsServingWhenThePrimaryIsGoneLongerThanExpire() throws Exception {
    Zone quick = Zone.builder(ORIGIN).add("@", 300, "SOA", "ns hm 10 1 1 2 60")
        .add("@", 300, "NS", "ns").add("ns", 300, "A", "127.0.0.1").build();
    AuthoritativeServer primary = AuthoritativeServer.builder().port(0).zone(quick).start();
    try (AuthoritativeServer secondary = AuthoritativeServer.builder().port(0)
        .secondary(ORIGIN, at(primary)).start()) {
      waitFor(() -> secondary.zone(ORIGIN) != null);
      assertThat(ask(secondary, "ns.dyn.test.", RrTypes.A).rcode()).isEqualTo(Rcode.NOERROR);
      primary.close();
      // REFRESH and RETRY 1 s, EXPIRE 2 s: the copy is dropped, and the name no longer answered
      waitFor(() -> secondary.zone(ORIGIN) == null);
      assertThat(ask(secondary, "ns.dyn.test.", RrTypes.A).rcode()).isEqualTo(Rcode.REFUSED);
    } finally {
      primary.close();
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) Thread.sleep(50);
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
