package org.minternet.p2p.tracker;

/**
 * An announce the tracker refuses, with the text it sends back (BEP 3 {@code failure reason},
 * BEP 15 error): the text is the tracker's own, never an exception's.
 */
public final class TrackerRefusal extends Exception {
  /** Why, each with the reason sent to the client. */
  public enum Reason {
    NOT_WHITELISTED("torrent not registered with this tracker"),
    TOO_MANY_SWARMS("tracker is full"),
    TOO_MANY_PEERS("tracker is full"),
    SWARM_FULL("swarm is full"),
    BAD_PORT("invalid port");

    final String text;

    Reason(String text) {
      this.text = text;
    }
  }

  private final Reason reason;

  public TrackerRefusal(Reason reason) {
    super(reason.text);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** The text sent to the client. */
  public String failureReason() {
    return reason.text;
  }
}
