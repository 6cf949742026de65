package org.minternet.dns.server;

import org.minternet.dns.client.DnsClient;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.SoaRData;
import org.minternet.dns.zone.Zone;

/**
 * Keeps a secondary copy of a zone (RFC 1034 §4.3.5): transfers it with AXFR from the primary
 * the first time and with IXFR (RFC 1995) after that, falling back to AXFR when the incremental
 * answer cannot be applied,
 * checks the primary's SOA serial every REFRESH seconds (RETRY after a failure) and at once on
 * NOTIFY (RFC 1996), and stops serving the zone when EXPIRE passes without reaching the primary.
 */
final class Secondary {
  private static final Logger LOG = System.getLogger(Secondary.class.getName());

  private final Name origin;
  private final InetSocketAddress primary;
  private final ZoneSet zones;
  private final Semaphore wake = new Semaphore(0);
  private final DnsClient.Options options;
  private volatile boolean stopped;
  private volatile long lastContactNanos = System.nanoTime();
  private Thread thread;
  private final java.util.concurrent.CopyOnWriteArrayList<String> transfers =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private final org.minternet.dns.wire.Tsig.Key key;

  Secondary(Name origin, InetSocketAddress primary, ZoneSet zones, java.net.InetAddress local,
      org.minternet.dns.wire.Tsig.Key key) {
    this.key = key;
    this.options = new DnsClient.Options(Duration.ofSeconds(3), 2, false, local);
    this.origin = origin;
    this.primary = primary;
    this.zones = zones;
  }

  Name origin() {
    return origin;
  }

  InetSocketAddress primary() {
    return primary;
  }

  /** The key transfers are signed with, which also authenticates NOTIFY; null for none. */
  org.minternet.dns.wire.Tsig.Key key() {
    return key;
  }

  void start() {
    thread = Thread.ofVirtual().name("secondary-" + origin).start(this::run);
  }

  /** A NOTIFY arrived: check the primary now. */
  void notified() {
    wake.release();
  }

  void stop() {
    stopped = true;
    if (thread != null) thread.interrupt();
  }

  private void run() {
    while (!stopped) {
      Zone current = zones.get(origin);
      long waitSeconds;
      try {
        refresh(current);
        lastContactNanos = System.nanoTime();
        Zone z = zones.get(origin);
        waitSeconds = z == null ? 5 : z.soa().refresh();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.INFO, () -> "secondary " + origin + ": cannot refresh from " + primary + ": " + e.getMessage());
        Zone z = zones.get(origin);
        if (z != null && System.nanoTime() - lastContactNanos > TimeUnit.SECONDS.toNanos(z.soa().expire())) {
          LOG.log(Level.WARNING, () -> "secondary " + origin + " expired");
          zones.remove(origin);
        }
        waitSeconds = z == null ? 5 : z.soa().retry();
      }
      try {
        wake.tryAcquire(Math.max(1, waitSeconds), TimeUnit.SECONDS);
        wake.drainPermits();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void refresh(Zone current) throws IOException {
    if (current != null) {
      Message m = DnsClient.query(primary, Message.query(0, Question.in(origin, RrTypes.SOA), false),
          options).response();
      Record soa = m.answers().stream().filter(r -> r.type() == RrTypes.SOA).findFirst()
          .orElseThrow(() -> new IOException("no SOA in the primary's answer"));
      if (!SoaRData.serialNewer(((SoaRData) soa.data()).serial(), current.serial())) return;
    }
    if (current != null) {
      try {
        List<Record> answer = DnsClient.incrementalTransfer(primary, current.soaRecord(), options, key);
        if (answer.size() == 1) return; // nothing changed after all
        if (answer.get(1).type() != RrTypes.SOA) {
          install(whole(answer), "IXFR (whole zone)");
        } else {
          install(applyChanges(current, answer), "IXFR");
        }
        return;
      } catch (IOException e) {
        LOG.log(Level.INFO, () -> "secondary " + origin + ": IXFR from " + primary + " failed ("
            + e.getMessage() + "), trying AXFR");
      }
    }
    install(whole(DnsClient.transfer(primary, Question.in(origin, RrTypes.AXFR), options, key)), "AXFR");
  }

  private Zone whole(List<Record> records) throws IOException {
    Zone.Builder b = Zone.builder(origin);
    for (Record r : records.subList(0, records.size() - 1)) b.add(r);
    return build(b);
  }

  /**
   * Applies an IXFR answer in the incremental form to our copy: for each version, the old SOA
   * (which must be the serial we are at), the records to delete, the new SOA, the records to add.
   */
  Zone applyChanges(Zone current, List<Record> answer) throws IOException {
    Zone.Builder b = current.toBuilder();
    long at = current.serial();
    int i = 1;
    int end = answer.size() - 1;
    while (i < end) {
      Record from = answer.get(i++);
      if (!(from.data() instanceof SoaRData f) || f.serial() != at) {
        throw new IOException("IXFR step does not start at serial " + at);
      }
      while (i < end && answer.get(i).type() != RrTypes.SOA) {
        Record r = answer.get(i++);
        if (!b.remove(r.name(), r.type(), r.data())) {
          throw new IOException("IXFR deletes a record we do not have: " + r);
        }
      }
      if (i >= end) throw new IOException("IXFR step without its new SOA");
      Record to = answer.get(i++);
      b.removeRRset(origin, RrTypes.SOA);
      b.add(to);
      at = ((SoaRData) to.data()).serial();
      while (i < end && answer.get(i).type() != RrTypes.SOA) b.add(answer.get(i++));
    }
    if (at != ((SoaRData) answer.get(0).data()).serial()) {
      throw new IOException("IXFR ends at serial " + at + ", not at the primary's");
    }
    return build(b);
  }

  private static Zone build(Zone.Builder b) throws IOException {
    try {
      return b.build();
    } catch (org.minternet.dns.zone.ZoneException e) {
      throw new IOException("transferred zone is invalid: " + e.getMessage());
    }
  }

  private void install(Zone z, String how) {
    zones.put(z);
    LOG.log(Level.INFO, () -> "secondary " + origin + " transferred serial " + z.serial() + " by " + how);
    transfers.add(how);
  }

  /** How each transfer so far was made ("AXFR", "IXFR", "IXFR (whole zone)"), for tests and stats. */
  List<String> transfers() {
    return List.copyOf(transfers);
  }
}
