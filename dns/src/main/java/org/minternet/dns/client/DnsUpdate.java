package org.minternet.dns.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.minternet.dns.wire.DnsClass;
import org.minternet.dns.wire.Header;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Opcode;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.RData;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.Tsig;
import org.minternet.dns.wire.UnknownRData;

/**
 * A dynamic update request (RFC 2136) for one zone: prerequisites and changes, sent over TCP and
 * signed with TSIG. The response's signature is checked too.
 *
 * <pre>{@code
 * int rcode = new DnsUpdate(Name.of("edu."))
 *     .add(Record.in(Name.of("newschool.edu."), 86400, new NsRData(Name.of("ns.newschool.edu."))))
 *     .send(tldServer, key, DnsClient.Options.DEFAULT);
 * }</pre>
 */
public final class DnsUpdate {
  private final Name zone;
  private final List<Record> prerequisites = new ArrayList<>();
  private final List<Record> updates = new ArrayList<>();

  public DnsUpdate(Name zone) {
    this.zone = zone;
  }

  private static Record empty(Name name, int type, int cls) {
    return new Record(name, type, cls, 0, new UnknownRData(type, new byte[0]));
  }

  /** The name must own some record. */
  public DnsUpdate requireName(Name name) {
    prerequisites.add(empty(name, RrTypes.ANY, DnsClass.ANY));
    return this;
  }

  /** The name must not exist. */
  public DnsUpdate requireNoName(Name name) {
    prerequisites.add(empty(name, RrTypes.ANY, DnsClass.NONE));
    return this;
  }

  public DnsUpdate requireRRset(Name name, int type) {
    prerequisites.add(empty(name, type, DnsClass.ANY));
    return this;
  }

  public DnsUpdate requireNoRRset(Name name, int type) {
    prerequisites.add(empty(name, type, DnsClass.NONE));
    return this;
  }

  /**
   * The RRset of this name and type must be exactly the records required this way (RFC 2136
   * §2.4.2, value-dependent); {@code ttl} must be 0.
   */
  public DnsUpdate require(Name name, long ttl, RData data) {
    prerequisites.add(new Record(name, data.type(), DnsClass.IN, ttl, data));
    return this;
  }

  public DnsUpdate add(Record r) {
    updates.add(r);
    return this;
  }

  public DnsUpdate add(Name name, long ttl, RData data) {
    return add(Record.in(name, ttl, data));
  }

  public DnsUpdate deleteRRset(Name name, int type) {
    updates.add(empty(name, type, DnsClass.ANY));
    return this;
  }

  public DnsUpdate deleteName(Name name) {
    updates.add(empty(name, RrTypes.ANY, DnsClass.ANY));
    return this;
  }

  public DnsUpdate delete(Name name, RData data) {
    updates.add(new Record(name, data.type(), DnsClass.NONE, 0, data));
    return this;
  }

  /** The unsigned request message. */
  public Message message(int id) {
    Header h = new Header(id, false, Opcode.UPDATE, false, false, false, false, false, false, 0);
    return new Message(h, List.of(Question.in(zone, RrTypes.SOA)), prerequisites, updates,
        List.of(), null);
  }

  /**
   * Sends the update over TCP, signed with {@code key}, and returns the response's rcode.
   *
   * @throws IOException when the server cannot be reached or its response is not properly signed
   */
  public int send(InetSocketAddress server, Tsig.Key key, DnsClient.Options o) throws IOException {
    return DnsClient.exchangeSigned(server, message(DnsClient.newId()), key, o).rcode();
  }
}
