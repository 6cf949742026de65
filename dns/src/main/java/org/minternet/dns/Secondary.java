package org.minternet.dns;

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
 * Keeps a secondary copy of a zone (RFC 1034 §4.3.5): transfers it with AXFR from the primary,
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
      if (!Updater.serialNewer(((SoaRData) soa.data()).serial(), current.serial())) return;
    }
    List<Record> records = DnsClient.transfer(primary, Question.in(origin, RrTypes.AXFR), options, key);
    Zone.Builder b = Zone.builder(origin);
    for (Record r : records.subList(0, records.size() - 1)) b.add(r);
    try {
      Zone z = b.build();
      zones.put(z);
      LOG.log(Level.INFO, () -> "secondary " + origin + " transferred serial " + z.serial());
    } catch (org.minternet.dns.zone.ZoneException e) {
      throw new IOException("transferred zone is invalid: " + e.getMessage());
    }
  }
}
