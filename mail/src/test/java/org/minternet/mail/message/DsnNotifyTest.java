package org.minternet.mail.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.minternet.mail.message.DsnNotify.Event;
import org.minternet.mail.store.Recipient;

/** NOTIFY (RFC 3461 §4.1) as a parsed value. */
class DsnNotifyTest {
  @Test
  void parsesTheListCaseInsensitivelyInAnyOrder() {
    DsnNotify n = DsnNotify.parse("delay,Success");
    assertThat(n.on(Event.SUCCESS)).isTrue();
    assertThat(n.on(Event.DELAY)).isTrue();
    assertThat(n.on(Event.FAILURE)).isFalse();
    assertThat(n.never()).isFalse();
    assertThat(n).hasToString("SUCCESS,DELAY").isEqualTo(DsnNotify.parse("SUCCESS,DELAY,SUCCESS"));
  }

  @Test
  void neverStandsAlone() {
    assertThat(DsnNotify.parse("never")).isEqualTo(DsnNotify.NEVER).hasToString("NEVER");
    assertThat(DsnNotify.NEVER.never()).isTrue();
    for (String bad : new String[] {"NEVER,SUCCESS", "SUCCESS,", "", "SUCCES", "FAILURE, DELAY", "SUCCESSFAILURE"}) {
      assertThatThrownBy(() -> DsnNotify.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aWordInsideAnotherIsNotTheEvent() {
    // the string search this replaces would have read "SUCCESS" in a value like this one
    assertThatThrownBy(() -> DsnNotify.parse("NOSUCCESS")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withoutNotifyOnlyFailuresAreReported() {
    Recipient none = Recipient.of("bob@hamburger.edu");
    assertThat(none.wants(Event.FAILURE)).isTrue();
    assertThat(none.wants(Event.DELAY)).isFalse();
    assertThat(none.wants(Event.SUCCESS)).isFalse();
    Recipient never = new Recipient("bob@hamburger.edu", DsnNotify.NEVER, null);
    assertThat(never.wants(Event.FAILURE)).isFalse();
  }
}
