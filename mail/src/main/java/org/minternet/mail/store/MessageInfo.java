package org.minternet.mail.store;

import java.time.Instant;
import java.util.Set;

/** A stored message's metadata (not its bytes). */
public record MessageInfo(long uid, long modseq, Set<String> flags, Instant internalDate, long size) {}
