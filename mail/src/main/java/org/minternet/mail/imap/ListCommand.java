package org.minternet.mail.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.minternet.mail.store.Mailbox;

/**
 * LIST (RFC 9051 §6.3.9 with LIST-EXTENDED, RFC 5258: selection options SUBSCRIBED, REMOTE,
 * RECURSIVEMATCH, SPECIAL-USE; return options CHILDREN, SUBSCRIBED, SPECIAL-USE and STATUS of
 * RFC 5819) and LSUB (RFC 3501 §6.3.9). Attributes: \HasChildren/\HasNoChildren, the special-use
 * attributes of RFC 6154, \Subscribed, and \Noselect for levels that exist only as parents.
 */
final class ListCommand implements ImapCommand {
  static final int MAX_PATTERNS = 20;
  static final int MAX_WILDCARDS = 20;

  private final boolean lsub;

  ListCommand(boolean lsub) {
    this.lsub = lsub;
  }

  @Override
  public Set<ImapState> states() {
    return AUTHENTICATED;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag) throws ImapException, IOException {
    r.sp();
    boolean selectSubscribed = lsub;
    boolean selectSpecialUse = false;
    boolean recursive = false;
    if (!lsub && r.consume('(')) {
      while (!r.consume(')')) {
        switch (r.keyword()) {
          case "SUBSCRIBED" -> selectSubscribed = true;
          case "SPECIAL-USE" -> selectSpecialUse = true;
          case "RECURSIVEMATCH" -> recursive = true;
          case "REMOTE" -> { }
          default -> throw ImapException.bad("Unknown selection option");
        }
        r.consume(' ');
      }
      r.sp();
      if (recursive && !selectSubscribed) throw ImapException.bad("RECURSIVEMATCH needs another option");
    }
    String reference = s.reader().astring();
    r.sp();
    List<String> patterns = new ArrayList<>();
    if (!lsub && r.consume('(')) {
      while (!r.consume(')')) {
        if (!patterns.isEmpty()) r.sp();
        patterns.add(listMailbox(r));
        if (patterns.size() > MAX_PATTERNS) throw ImapException.bad("Too many patterns");
      }
    } else {
      patterns.add(listMailbox(r));
    }
    boolean returnSubscribed = selectSubscribed && !lsub;
    boolean returnSpecialUse = true;
    boolean returnChildren = true;
    List<String> statusItems = null;
    if (!lsub && r.consume(' ')) {
      if (!r.keyword().equals("RETURN")) throw ImapException.bad("Expected RETURN");
      r.sp();
      r.expect('(');
      while (!r.consume(')')) {
        switch (r.keyword()) {
          case "SUBSCRIBED" -> returnSubscribed = true;
          case "CHILDREN" -> returnChildren = true;
          case "SPECIAL-USE" -> returnSpecialUse = true;
          case "STATUS" -> {
            r.sp();
            statusItems = StatusCommand.items(r);
          }
          default -> throw ImapException.bad("Unknown return option");
        }
        r.consume(' ');
      }
    }
    r.end();
    String verb = lsub ? "LSUB" : "LIST";
    if (patterns.size() == 1 && patterns.get(0).isEmpty()) {
      s.untagged(verb + " (\\Noselect) \"/\" \"\"");
      return verb + " completed";
    }
    String ref;
    try {
      ref = MailboxNames.decode(reference, s.utf8());
    } catch (ImapException e) {
      throw ImapException.bad("Invalid reference");
    }
    List<String> decoded = new ArrayList<>();
    for (String p : patterns) {
      String full = ref + decodePattern(p, s.utf8());
      if (full.chars().filter(c -> c == '*' || c == '%').count() > MAX_WILDCARDS) {
        throw ImapException.bad("Too many wildcards");
      }
      decoded.add(full);
    }
    Map<String, Mailbox> byName = new TreeMap<>();
    for (Mailbox m : s.mail().mailboxes().list(s.user().id())) byName.put(m.name(), m);
    Set<String> subscriptions = new TreeSet<>(s.mail().mailboxes().subscriptions(s.user().id()));
    Set<String> names = new TreeSet<>(); // the mailboxes, the levels above them, and subscriptions
    for (String n : byName.keySet()) addWithParents(names, n);
    // subscribed names whose mailbox is gone (RFC 5258 §3: \NonExistent), and their parents
    if (selectSubscribed) for (String n : subscriptions) addWithParents(names, n);
    for (String name : names) {
      boolean matched = false;
      for (String p : decoded) matched |= MailboxNames.matches(p, name);
      if (!matched) continue;
      Mailbox mb = byName.get(name);
      boolean subscribed = subscriptions.contains(name);
      if (selectSpecialUse && (mb == null || mb.specialUse() == null)) continue;
      boolean hasChildren = false;
      for (Mailbox m : byName.values()) hasChildren |= m.name().startsWith(name + "/");
      boolean childSubscribed = false;
      boolean childListed = false; // a subscribed child the patterns list itself
      for (String n : subscriptions) {
        if (!n.startsWith(name + "/")) continue;
        childSubscribed = true;
        for (String p : decoded) childListed |= MailboxNames.matches(p, n);
      }
      // LSUB: a level with subscribed children that "%" hides is listed \Noselect (RFC 3501 §6.3.9)
      boolean lsubParent = lsub && !subscribed && childSubscribed && !childListed;
      if (selectSubscribed && !subscribed && !(recursive && childSubscribed) && !lsubParent) continue;
      List<String> attrs = new ArrayList<>();
      if (lsub ? mb == null || !subscribed : mb == null) attrs.add(lsub ? "\\Noselect" : "\\NonExistent");
      if (returnChildren && !lsub) attrs.add(hasChildren ? "\\HasChildren" : "\\HasNoChildren");
      if (returnSpecialUse && mb != null && mb.specialUse() != null && !lsub) attrs.add(mb.specialUse());
      if (returnSubscribed && subscribed) attrs.add("\\Subscribed");
      StringBuilder line = new StringBuilder(verb).append(" (").append(String.join(" ", attrs))
          .append(") \"/\" ").append(s.quoteName(name));
      if (recursive && !subscribed && childSubscribed) line.append(" (\"CHILDINFO\" (\"SUBSCRIBED\"))");
      s.untagged(line.toString());
      if (statusItems != null && mb != null) s.untagged(StatusCommand.line(s, mb, statusItems));
    }
    return verb + " completed";
  }

  private static void addWithParents(Set<String> names, String name) {
    names.add(name);
    int slash = -1;
    while ((slash = name.indexOf('/', slash + 1)) > 0) names.add(name.substring(0, slash));
  }

  /** {@code list-mailbox = 1*list-char / string}. */
  private static String listMailbox(ImapRequestReader r) throws ImapException, IOException {
    if (r.peek() == '"' || r.peek() == '{') return r.string();
    StringBuilder sb = new StringBuilder();
    while (true) {
      int c = r.peek();
      if (c == '%' || c == '*' || c == ']' || ImapRequestReader.isAtomChar(c)) {
        sb.append((char) c);
        r.consume((char) c);
      } else {
        break;
      }
    }
    if (sb.isEmpty()) throw ImapException.bad("Expected mailbox pattern");
    return sb.toString();
  }

  private static String decodePattern(String p, boolean utf8) throws ImapException {
    if (utf8) return p;
    try {
      return ModifiedUtf7.decode(p);
    } catch (IllegalArgumentException e) {
      throw ImapException.bad("Invalid pattern (modified UTF-7)");
    }
  }
}
