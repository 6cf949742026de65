package org.minternet.world;

/** An error in a world description, naming the file and line. */
public final class WorldFileException extends RuntimeException {
  public WorldFileException(String source, int line, String message) {
    super(source + ":" + line + ": " + message);
  }
}
