package org.minternet.core.tap;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The transcript tap: every server records its exchanges here — time, service, peer, direction
 * and the line (or a summary of binary data) — into a bounded in-memory ring, and to the log at
 * level DEBUG. Readers take snapshots; live listeners (the console later) can subscribe.
 */
public class Transcript {
  /** A tap that records nothing. */
  public static final Transcript NONE = new Transcript(0) {
    @Override
    public void record(Direction direction, String service, String peer, String text) {}
  };

  /** Longest text kept per entry; longer lines are cut and marked. */
  public static final int MAX_TEXT = 512;

  /** Which way the data went, from the server's point of view. */
  public enum Direction {
    RECEIVED("C:"), SENT("S:"), NOTE("*");

    private final String marker;

    Direction(String marker) {
      this.marker = marker;
    }

    public String marker() {
      return marker;
    }
  }

  /** One recorded exchange. */
  public record Entry(long sequence, Instant time, String service, String peer, Direction direction,
      String text) {
    @Override
    public String toString() {
      return time + " " + service + " " + peer + " " + direction.marker() + " " + text;
    }
  }

  private static final Logger LOG = System.getLogger("minternet.transcript");

  private final Entry[] ring;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Consumer<Entry>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private long next;

  public Transcript(int capacity) {
    this.ring = new Entry[capacity];
  }

  public void received(String service, String peer, String text) {
    record(Direction.RECEIVED, service, peer, text);
  }

  public void sent(String service, String peer, String text) {
    record(Direction.SENT, service, peer, text);
  }

  public void note(String service, String peer, String text) {
    record(Direction.NOTE, service, peer, text);
  }

  public void record(Direction direction, String service, String peer, String text) {
    String t = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…(" + text.length() + ")" : text;
    Entry entry;
    lock.lock();
    try {
      entry = new Entry(next, Instant.now(), service, peer, direction, t);
      if (ring.length > 0) ring[(int) (next % ring.length)] = entry;
      next++;
    } finally {
      lock.unlock();
    }
    if (LOG.isLoggable(Level.DEBUG)) LOG.log(Level.DEBUG, entry.toString());
    for (Consumer<Entry> l : listeners) l.accept(entry);
  }

  /** The entries still in the ring, oldest first. */
  public List<Entry> snapshot() {
    lock.lock();
    try {
      int n = (int) Math.min(next, ring.length);
      List<Entry> out = new ArrayList<>(n);
      for (long s = next - n; s < next; s++) out.add(ring[(int) (s % ring.length)]);
      return out;
    } finally {
      lock.unlock();
    }
  }

  public int capacity() {
    return ring.length;
  }

  public void subscribe(Consumer<Entry> listener) {
    listeners.add(listener);
  }

  public void unsubscribe(Consumer<Entry> listener) {
    listeners.remove(listener);
  }
}
