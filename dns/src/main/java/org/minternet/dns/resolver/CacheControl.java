package org.minternet.dns.resolver;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.minternet.dns.wire.DnsClass;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.TxtRData;

/**
 * Cache inspection and flushing over DNS itself, for loopback clients only, as CHAOS-class TXT
 * queries below {@value #SUFFIX} (in the manner of {@code version.bind CH TXT}), so that
 * {@code dig} or the command line can reach the resolver of a running world:
 *
 * <pre>
 * dig @RESOLVER -p PORT CH TXT stats.resolver.minternet
 * dig @RESOLVER -p PORT CH TXT example.com.list.resolver.minternet       (+tcp for long lists)
 * dig @RESOLVER -p PORT CH TXT www.example.com.flush.resolver.minternet
 * dig @RESOLVER -p PORT CH TXT example.com.flush-domain.resolver.minternet
 * dig @RESOLVER -p PORT CH TXT all.flush.resolver.minternet
 * </pre>
 */
final class CacheControl {
  static final String SUFFIX = "resolver.minternet.";
  static final Name ROOT = Name.of(SUFFIX);
  /** Lines of a listing returned at most. */
  static final int MAX_LINES = 500;

  private final RecursiveResolver resolver;

  CacheControl(RecursiveResolver resolver) {
    this.resolver = resolver;
  }

  static boolean isControl(Question q) {
    return q.dnsClass() == DnsClass.CH && q.type() == RrTypes.TXT && q.name().isSubdomainOf(ROOT)
        && !q.name().equals(ROOT);
  }

  /** The TXT answer, or null when the client may not control the cache or the verb is unknown. */
  List<Record> answer(Question q, InetAddress client) {
    if (!client.isLoopbackAddress()) return null;
    Name rel = q.name();
    int extra = rel.labelCount() - ROOT.labelCount();
    String verb = rel.labelText(extra - 1).toLowerCase(java.util.Locale.ROOT);
    Name arg = extra > 1 ? argument(rel, extra - 1) : null;
    List<String> lines;
    if (verb.equals("stats") && arg == null) {
      lines = List.of(resolver.cache().stats().toString());
    } else if (verb.equals("list")) {
      lines = resolver.cache().list(arg == null ? Name.ROOT : arg);
      if (lines.size() > MAX_LINES) {
        List<String> cut = new ArrayList<>(lines.subList(0, MAX_LINES));
        cut.add("; … " + (lines.size() - MAX_LINES) + " more");
        lines = cut;
      }
    } else if (verb.equals("flush") && arg != null) {
      if (arg.labelCount() == 1 && arg.labelText(0).equalsIgnoreCase("all")) {
        resolver.cache().flushAll();
        lines = List.of("flushed the whole cache");
      } else {
        lines = List.of("flushed " + resolver.cache().flushName(arg) + " entries of " + arg);
      }
    } else if (verb.equals("flush-domain") && arg != null) {
      lines = List.of("flushed " + resolver.cache().flushDomain(arg) + " entries at or below " + arg);
    } else {
      return null;
    }
    List<Record> out = new ArrayList<>();
    for (String l : lines) {
      byte[] b = l.getBytes(StandardCharsets.UTF_8);
      List<byte[]> strings = new ArrayList<>();
      for (int i = 0; i < b.length; i += 255) {
        strings.add(java.util.Arrays.copyOfRange(b, i, Math.min(b.length, i + 255)));
      }
      if (strings.isEmpty()) strings.add(new byte[0]);
      out.add(new Record(q.name(), RrTypes.TXT, DnsClass.CH, 0, new TxtRData(strings)));
    }
    return out;
  }

  /** The labels before the verb, as an absolute name. */
  private static Name argument(Name name, int count) {
    List<byte[]> labels = new ArrayList<>();
    for (int i = 0; i < count; i++) labels.add(name.label(i));
    try {
      return Name.of(labels);
    } catch (org.minternet.dns.wire.WireFormatException e) {
      return null;
    }
  }
}
