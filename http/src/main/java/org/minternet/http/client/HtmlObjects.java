package org.minternet.http.client;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the objects a page references, as a browser would fetch them: {@code img}, {@code script}
 * and {@code source}/{@code video}/{@code audio} {@code src}, {@code video poster}, and {@code
 * link href} for style sheets and icons. Not a full HTML parser: comments are skipped, entities in
 * URLs other than {@code &amp;} are left alone.
 */
final class HtmlObjects {
  private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
  private static final Pattern TAG = Pattern.compile(
      "<(img|script|link|source|video|audio|embed)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ATTR = Pattern.compile(
      "([a-zA-Z-]+)\\s*=\\s*(\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))");

  private HtmlObjects() {}

  static List<URI> find(String html, URI base) {
    Set<URI> out = new LinkedHashSet<>();
    Matcher tag = TAG.matcher(COMMENT.matcher(html).replaceAll(""));
    while (tag.find()) {
      String name = tag.group(1).toLowerCase(Locale.ROOT);
      Matcher a = ATTR.matcher(tag.group(2));
      String rel = null;
      String href = null;
      while (a.find()) {
        String key = a.group(1).toLowerCase(Locale.ROOT);
        String value = a.group(3) != null ? a.group(3) : a.group(4) != null ? a.group(4) : a.group(5);
        switch (key) {
          case "src", "poster" -> {
            if (!name.equals("link")) add(out, base, value);
          }
          case "href" -> href = value;
          case "rel" -> rel = value.toLowerCase(Locale.ROOT);
          default -> { }
        }
      }
      if (name.equals("link") && href != null && rel != null
          && (rel.contains("stylesheet") || rel.contains("icon") || rel.contains("preload"))) {
        add(out, base, href);
      }
    }
    return List.copyOf(out);
  }

  private static void add(Set<URI> out, URI base, String value) {
    String v = value.trim().replace("&amp;", "&");
    if (v.isEmpty() || v.startsWith("data:") || v.startsWith("javascript:")) return;
    try {
      URI u = base.resolve(v.replace(" ", "%20"));
      String s = u.getScheme();
      if (s != null && (s.equalsIgnoreCase("http") || s.equalsIgnoreCase("https"))) {
        int hash = u.toString().indexOf('#');
        out.add(hash < 0 ? u : URI.create(u.toString().substring(0, hash)));
      }
    } catch (IllegalArgumentException e) {
      // an unparseable reference is skipped, as a browser would fail to load it
    }
  }
}
