package org.minternet.mail.store;

/** A local user: the store's id and the address {@code local@domain} (lower case). */
public record MailUser(long id, String address) {}
