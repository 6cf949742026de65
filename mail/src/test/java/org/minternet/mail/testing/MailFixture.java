package org.minternet.mail.testing;

import org.minternet.core.store.Store;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.PasswordHasher;

/** A store with the textbook's two domains and users (cheap password hashing for tests). */
public final class MailFixture {
  public static final String ALICE = "alice@crepes.fr";
  public static final String BOB = "bob@hamburger.edu";
  public static final String ALICE_PASSWORD = "alice-secret";
  public static final String BOB_PASSWORD = "bob-secret";

  private MailFixture() {}

  public static MailStore store() {
    return populate(MailStore.open(Store.inMemory(), new PasswordHasher(1000)));
  }

  public static MailStore populate(MailStore store) {
    store.accounts().ensureDomain("crepes.fr");
    store.accounts().ensureDomain("hamburger.edu");
    if (store.accounts().user(ALICE).isEmpty()) store.accounts().addUser(ALICE, ALICE_PASSWORD);
    if (store.accounts().user(BOB).isEmpty()) store.accounts().addUser(BOB, BOB_PASSWORD);
    return store;
  }
}
