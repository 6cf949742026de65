package org.minternet.mail.imap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import org.minternet.mail.message.MessageFormatException;
import org.minternet.mail.message.MessageHeader;
import org.minternet.mail.message.MimePart;
import org.minternet.mail.store.Messages;

/**
 * What the IMAP server keeps in memory of the store's messages for FETCH and SEARCH: their bytes
 * and their parsed forms, read through {@link Messages} in batches.
 */
final class MessageCache {
  private final Messages messages;

  MessageCache(Messages messages) {
    this.messages = messages;
  }

  /** Bytes read per batch when FETCH or SEARCH loads many messages. */
  static final long BATCH_BYTES = 8L * 1024 * 1024;
  static final int BATCH_MESSAGES = 100;

  /** Bytes of message content kept in memory for FETCH and SEARCH. */
  static final long CONTENT_CACHE_BYTES = 64L * 1024 * 1024;

  /** A message's identity: mailbox ids and UIDs are never reused, so its content never changes. */
  private record MessageKey(long mailboxId, long uid) {}

  /**
   * Recently read message contents. A stored message is immutable under its (mailbox, UID) —
   * mailbox ids come from an auto-increment key and UIDs from UIDNEXT (RFC 9051 §2.3.1.1) — so a
   * cached copy is never stale; an expunged message just ages out.
   */
  private final Cache<MessageKey, byte[]> contentCache = Caffeine.newBuilder()
      .maximumWeight(CONTENT_CACHE_BYTES).weigher((MessageKey k, byte[] v) -> v.length + 64)
      .executor(Runnable::run).build();

  /** A parsed form of a message: its header only, or its whole MIME structure. */
  private record ParsedKey(long mailboxId, long uid, boolean headerOnly) {}

  /** Parsed messages, immutable like their contents; weighed by what the parse adds to the bytes. */
  private final Cache<ParsedKey, MimePart> parsedCache = Caffeine.newBuilder()
      .maximumWeight(CONTENT_CACHE_BYTES).weigher((ParsedKey k, MimePart v) -> (k.headerOnly() ? v.bodyStart()
          : v.source().length) + 256)
      .executor(Runnable::run).build();

  /**
   * The message {@code bytes} (the content of {@code uid}) parsed as FETCH and SEARCH need it:
   * the header alone, or the whole MIME tree. A header the codec refuses gives a message whose
   * whole content is the body.
   */
  MimePart parsed(long mailboxId, long uid, byte[] bytes, boolean headerOnly) {
    return parsedCache.get(new ParsedKey(mailboxId, uid, headerOnly), k -> {
      try {
        if (!headerOnly) return MimePart.parse(bytes);
        MessageHeader h = MessageHeader.parse(bytes);
        return new MimePart(bytes, 0, h, h.bodyOffset(), bytes.length, List.of());
      } catch (MessageFormatException | IllegalArgumentException e) {
        return new MimePart(bytes, 0, new MessageHeader(List.of(), 0), 0, bytes.length, List.of());
      }
    });
  }

  /** The contents of several messages, from the cache or in one query (missing ones are absent). */
  Map<Long, byte[]> contents(long mailboxId, List<Long> uids) {
    if (uids.isEmpty()) return Map.of();
    Map<Long, byte[]> out = new HashMap<>();
    List<Long> missing = new ArrayList<>();
    for (long uid : uids) {
      byte[] b = contentCache.getIfPresent(new MessageKey(mailboxId, uid));
      if (b != null) out.put(uid, b);
      else missing.add(uid);
    }
    if (missing.isEmpty()) return out;
    Map<Long, byte[]> read = messages.contents(mailboxId, missing);
    read.forEach((uid, b) -> contentCache.put(new MessageKey(mailboxId, uid), b));
    out.putAll(read);
    return out;
  }

  /** Splits UIDs into batches of at most {@link #BATCH_MESSAGES} messages and about {@link #BATCH_BYTES}. */
  static List<List<Long>> batches(List<Long> uids, LongUnaryOperator sizeOf) {
    List<List<Long>> out = new ArrayList<>();
    List<Long> cur = new ArrayList<>();
    long bytes = 0;
    for (long u : uids) {
      long size = sizeOf.applyAsLong(u);
      if (!cur.isEmpty() && (cur.size() >= BATCH_MESSAGES || bytes + size > BATCH_BYTES)) {
        out.add(cur);
        cur = new ArrayList<>();
        bytes = 0;
      }
      cur.add(u);
      bytes += size;
    }
    if (!cur.isEmpty()) out.add(cur);
    return out;
  }

}
