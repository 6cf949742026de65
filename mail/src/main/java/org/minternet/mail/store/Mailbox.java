package org.minternet.mail.store;

/**
 * A folder of a user with the counters IMAP needs (RFC 9051 §2.3.1.1, RFC 7162 §3.1).
 *
 * @param specialUse the RFC 6154 attribute ("\\Sent", "\\Drafts", "\\Trash", "\\Junk") or null
 */
public record Mailbox(long id, long userId, String name, String specialUse, long uidValidity,
    long uidNext, long highestModseq, boolean subscribed) {}
