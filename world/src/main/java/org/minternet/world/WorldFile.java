package org.minternet.world;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the world description format: one statement per line, {@code #} comments. See the
 * embedded {@code default.world} for the grammar. Errors name the file and line; a world with an
 * error is not started.
 */
public final class WorldFile {
  /** The service kinds a host may declare. */
  public static final Set<String> SERVICE_KINDS = Set.of("dns", "resolver", "http", "https", "proxy",
      "smtp", "submission", "smtps", "pop3", "pop3s", "imap", "imaps", "tcp-upper", "udp-upper",
      "udp-ping", "select-upper");

  private static final Pattern HOST_NAME =
      Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private WorldFile() {}

  public static WorldSpec read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /** The world embedded in the program. */
  public static WorldSpec defaultWorld() {
    try (InputStream in = WorldFile.class.getResourceAsStream("default.world")) {
      if (in == null) throw new IllegalStateException("default.world missing from the program");
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "default.world");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the default world", e);
    }
  }

  /** The embedded default world's text, for {@code minternet world show}. */
  public static String defaultWorldText() {
    try (InputStream in = WorldFile.class.getResourceAsStream("default.world")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("cannot read the default world", e);
    }
  }

  public static WorldSpec parse(String text, String source) {
    String name = "world";
    List<HostSpec> hosts = new ArrayList<>();
    List<WorldSpec.ZoneSpec> zones = new ArrayList<>();
    List<WorldSpec.MxSpec> mx = new ArrayList<>();
    List<WorldSpec.UserSpec> users = new ArrayList<>();
    Set<String> hostNames = new HashSet<>();
    Set<InetAddress> addresses = new HashSet<>();
    Set<String> zoneNames = new HashSet<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = lines[i];
      int hash = line.indexOf('#');
      if (hash >= 0) line = line.substring(0, hash);
      line = line.strip();
      if (line.isEmpty()) continue;
      String[] f = line.split("\\s+");
      switch (f[0].toLowerCase(Locale.ROOT)) {
        case "world" -> {
          need(f, 2, 2, source, lineNo, "world NAME");
          name = f[1];
        }
        case "host" -> {
          need(f, 3, Integer.MAX_VALUE, source, lineNo, "host NAME ADDRESS [SERVICE]...");
          String host = hostName(f[1], source, lineNo);
          if (!hostNames.add(host)) throw new WorldFileException(source, lineNo, "host " + host + " declared twice");
          InetAddress address = address(f[2], source, lineNo);
          if (!addresses.add(address)) {
            throw new WorldFileException(source, lineNo, "address " + f[2] + " is already used by another host");
          }
          List<ServiceSpec> services = new ArrayList<>();
          Set<String> kinds = new HashSet<>();
          for (int k = 3; k < f.length; k++) {
            ServiceSpec s = service(f[k], source, lineNo);
            if (!kinds.add(s.kind())) throw new WorldFileException(source, lineNo, "service " + s.kind() + " listed twice");
            services.add(s);
          }
          hosts.add(new HostSpec(host, address, services));
        }
        case "zone" -> {
          need(f, 3, Integer.MAX_VALUE, source, lineNo, "zone DOMAIN SERVER-HOST...");
          String zone = f[1].equals(".") ? "." : hostName(f[1], source, lineNo);
          if (!zoneNames.add(zone)) throw new WorldFileException(source, lineNo, "zone " + zone + " declared twice");
          List<String> servers = new ArrayList<>();
          for (int k = 2; k < f.length; k++) servers.add(hostName(f[k], source, lineNo));
          zones.add(new WorldSpec.ZoneSpec(zone, servers));
        }
        case "mx" -> {
          need(f, 3, 4, source, lineNo, "mx DOMAIN HOST [PREFERENCE]");
          int pref = 10;
          if (f.length == 4) {
            try {
              pref = Integer.parseInt(f[3]);
              if (pref < 0 || pref > 65535) throw new NumberFormatException();
            } catch (NumberFormatException e) {
              throw new WorldFileException(source, lineNo, "MX preference must be 0..65535, not " + f[3]);
            }
          }
          mx.add(new WorldSpec.MxSpec(hostName(f[1], source, lineNo), hostName(f[2], source, lineNo), pref));
        }
        case "user" -> {
          need(f, 3, 3, source, lineNo, "user ADDRESS PASSWORD");
          int at = f[1].indexOf('@');
          if (at <= 0 || at == f[1].length() - 1) {
            throw new WorldFileException(source, lineNo, "user must be an address like alice@crepes.fr, not " + f[1]);
          }
          hostName(f[1].substring(at + 1), source, lineNo);
          users.add(new WorldSpec.UserSpec(f[1].toLowerCase(Locale.ROOT), f[2]));
        }
        default -> throw new WorldFileException(source, lineNo, "unknown statement '" + f[0]
            + "' (expected world, host, zone, mx or user)");
      }
    }
    WorldSpec spec = new WorldSpec(name, hosts, zones, mx, users);
    check(spec, source);
    return spec;
  }

  private static void check(WorldSpec spec, String source) {
    for (WorldSpec.ZoneSpec z : spec.zones()) {
      for (String s : z.servers()) {
        HostSpec h = spec.host(s).orElseThrow(() -> new WorldFileException(source, 0,
            "zone " + z.name() + " is served by unknown host " + s));
        if (!h.runs("dns")) {
          throw new WorldFileException(source, 0, "zone " + z.name() + " is served by " + s
              + ", which does not run the dns service");
        }
      }
    }
    for (WorldSpec.MxSpec m : spec.mx()) {
      if (spec.host(m.host()).isEmpty()) {
        throw new WorldFileException(source, 0, "mx of " + m.domain() + " names unknown host " + m.host());
      }
    }
  }

  private static void need(String[] f, int min, int max, String source, int line, String usage) {
    if (f.length < min || f.length > max) throw new WorldFileException(source, line, "expected: " + usage);
  }

  private static String hostName(String s, String source, int line) {
    String n = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    if (n.length() > 253 || !HOST_NAME.matcher(n).matches()) {
      throw new WorldFileException(source, line, "not a valid host name: " + s);
    }
    return n.toLowerCase(Locale.ROOT);
  }

  private static InetAddress address(String s, String source, int line) {
    if (!IPV4.matcher(s).matches() && !s.contains(":")) {
      throw new WorldFileException(source, line, "not an IP address: " + s);
    }
    try {
      InetAddress a = InetAddress.getByName(s);
      if (!a.isLoopbackAddress()) {
        throw new WorldFileException(source, line, "host addresses must be loopback (127.0.0.0/8 or ::1), not " + s);
      }
      return a;
    } catch (UnknownHostException e) {
      throw new WorldFileException(source, line, "not an IP address: " + s);
    }
  }

  private static ServiceSpec service(String s, String source, int line) {
    int colon = s.indexOf(':');
    String kind = (colon < 0 ? s : s.substring(0, colon)).toLowerCase(Locale.ROOT);
    if (!SERVICE_KINDS.contains(kind)) {
      throw new WorldFileException(source, line, "unknown service '" + kind + "'; known: "
          + String.join(", ", SERVICE_KINDS.stream().sorted().toList()));
    }
    Map<String, String> options = new LinkedHashMap<>();
    if (colon >= 0) {
      for (String kv : s.substring(colon + 1).split(",")) {
        int eq = kv.indexOf('=');
        if (eq <= 0) throw new WorldFileException(source, line, "service option must be KEY=VALUE: " + kv);
        options.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    return new ServiceSpec(kind, options);
  }
}
