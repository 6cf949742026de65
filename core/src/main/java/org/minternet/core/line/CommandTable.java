package org.minternet.core.line;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The commands of a line protocol, by verb (case-insensitive), each with the session states it is
 * valid in. One line per command: {@code table.add("HELO", HeloCommand::new, GREETED)}.
 */
public final class CommandTable<S extends LineSession<E>, E extends Enum<E>> {
  /** A registered command with the states it may run in. */
  public record Entry<S extends LineSession<E>, E extends Enum<E>>(String verb, Command<S> command,
      Set<E> states) {
    public boolean validIn(E state) {
      return states.contains(state);
    }
  }

  private final Class<E> stateType;
  private final Map<String, Entry<S, E>> commands = new LinkedHashMap<>();

  public CommandTable(Class<E> stateType) {
    this.stateType = stateType;
  }

  @SafeVarargs
  public final CommandTable<S, E> add(String verb, Command<S> command, E... states) {
    Set<E> set = states.length == 0 ? EnumSet.allOf(stateType) : EnumSet.noneOf(stateType);
    Collections.addAll(set, states);
    commands.put(verb.toUpperCase(Locale.ROOT), new Entry<>(verb.toUpperCase(Locale.ROOT), command,
        Collections.unmodifiableSet(set)));
    return this;
  }

  /** The entry for a verb (any case), or null. */
  public Entry<S, E> get(String verb) {
    return commands.get(verb.toUpperCase(Locale.ROOT));
  }

  /** Verbs in registration order (for HELP and CAPA). */
  public Set<String> verbs() {
    return Collections.unmodifiableSet(commands.keySet());
  }
}
