package org.minternet.core.store;

/**
 * One step of a module's schema. Versions are numbered from 1 per module and applied in order,
 * once, each in its own transaction.
 *
 * <p>The SQL may use the placeholders {@code ${id}} (an auto-increment primary key), {@code
 * ${blob}} (a byte array column) and {@code ${bigint}}, replaced for the database in use.
 * Statements are separated by semicolons at line ends.
 */
public record Migration(int version, String description, String sql) {}
