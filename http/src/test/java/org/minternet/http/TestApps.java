package org.minternet.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.minternet.http.wire.FormData;

/**
 * Routes for the engine's tests, like the world's demo applications (module world): {@code
 * /visits} counts visits in the cookie session, {@code /cart} keeps items there, {@code /form}
 * echoes a posted form (urlencoded or multipart).
 */
public final class TestApps {
  private TestApps() {}

  public static Site.Builder install(Site.Builder site, Sessions sessions) {
    return site.get("/visits", r -> {
      Session s = sessions.of(r);
      int n = s.get("visits") == null ? 1 : Integer.parseInt(s.get("visits")) + 1;
      s.put("visits", Integer.toString(n));
      return Response.html("<p>visits: <strong id=\"visits\">" + n + "</strong></p>\n");
    }).getPost("/cart", r -> {
      Session s = sessions.of(r);
      List<String> items = new ArrayList<>();
      String stored = s.get("cart");
      if (stored != null && !stored.isEmpty()) items.addAll(List.of(stored.split("\n")));
      if (r.method().equals("POST")) {
        items.addAll(r.form().getOrDefault("item", List.of()));
        s.put("cart", String.join("\n", items));
        return Response.redirect(303, "/cart");
      }
      StringBuilder list = new StringBuilder("<ul>");
      for (String i : items) list.append("<li>").append(i.replace("<", "&lt;")).append("</li>");
      return Response.html(list.append("</ul>\n").toString());
    }).route(Set.of("POST"), "/form", 1024 * 1024, r -> {
      StringBuilder sb = new StringBuilder();
      for (var e : r.form().entrySet()) {
        for (String v : e.getValue()) sb.append(e.getKey()).append('=').append(v).append('\n');
      }
      for (FormData.Part p : r.parts()) {
        if (p.filename() != null) {
          sb.append("file ").append(p.name()).append(' ').append(p.filename()).append(' ')
              .append(p.content().length).append(" bytes\n");
        }
      }
      return Response.text(200, sb.toString());
    });
  }
}
