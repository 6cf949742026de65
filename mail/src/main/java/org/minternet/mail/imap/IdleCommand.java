package org.minternet.mail.imap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * IDLE (RFC 2177, RFC 9051 §6.3.13): after the continuation, changes to the selected mailbox are
 * pushed as soon as the {@link MailboxEvents} hub announces them (and at the poll interval for
 * changes nobody announced), until the client sends DONE. A second virtual thread waits for that
 * line so that the session's thread is free to write.
 */
final class IdleCommand implements ImapCommand {
  @Override
  public Set<ImapState> states() {
    return AUTHENTICATED;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag) throws ImapException, IOException {
    r.end();
    s.continuation("idling");
    CompletableFuture<String> done = new CompletableFuture<>();
    MailboxEvents events = s.events();
    long waitKey = s.state() == ImapState.SELECTED ? s.selected().id : MailboxEvents.NO_MAILBOX;
    Thread.ofVirtual().name("imap-idle").start(() -> {
      try {
        done.complete(r.rawLine());
      } catch (IOException | RuntimeException e) {
        done.completeExceptionally(e);
      } finally {
        events.wake(waitKey);
      }
    });
    try {
      while (!done.isDone() && s.state() != ImapState.LOGOUT) {
        long version = events.version(waitKey);
        s.writeUpdates(false);
        s.flush();
        events.await(waitKey, version, s.config().pollInterval(), done::isDone);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    if (s.state() == ImapState.LOGOUT) throw new IOException("session ended during IDLE");
    String line;
    try {
      line = done.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof org.minternet.core.io.LineTooLongException) {
        throw ImapException.bad("Expected DONE");
      }
      if (e.getCause() instanceof IOException io) throw io;
      throw new UncheckedIOException(new IOException(e.getCause()));
    }
    if (line == null) throw new java.io.EOFException();
    if (!line.trim().equalsIgnoreCase("DONE")) throw ImapException.bad("Expected DONE");
    return "IDLE terminated";
  }
}
