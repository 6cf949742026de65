package org.minternet.core.io;

import java.io.IOException;

/**
 * A line ended in a way the reader's {@link LineReader.Endings} mode does not accept: a bare LF
 * or a CR not followed by LF in strict mode. The offending line has been consumed.
 */
public final class MalformedLineException extends IOException {
  public MalformedLineException(String message) {
    super(message);
  }
}
