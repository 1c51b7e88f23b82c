package io.crik.webhook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilityNamesTest {

  private static InvalidConfigurationException rejected(String property, String... values) {
    return catchThrowableOfType(InvalidConfigurationException.class,
        () -> CapabilityNames.check(property, List.of(values)));
  }

  @Test
  void knownNamesPass() {
    assertThatCode(() -> CapabilityNames.check("crik.webhook.capabilities", CapabilityNames.KNOWN))
        .doesNotThrowAnyException();
    assertThatCode(() -> CapabilityNames.check("crik.webhook.capabilities", List.of())).doesNotThrowAnyException();
  }

  @Test
  void capPrefixExplainsApiServerCheck() {
    InvalidConfigurationException invalid = rejected("crik.webhook.capabilities", "CAP_SYS_ADMIN", "NET_ADMIN");

    assertThat(invalid.property()).isEqualTo("crik.webhook.capabilities");
    assertThat(invalid.problem()).startsWith("crik.webhook.capabilities[0]=CAP_SYS_ADMIN has the CAP_ prefix");
    assertThat(invalid.problem()).contains("allowPrivilegeEscalation: false and adds the literal CAP_SYS_ADMIN");
    assertThat(invalid.action()).startsWith("write SYS_ADMIN without the prefix in crik.webhook.capabilities");
  }

  @Test
  void misspelledNameGetsSuggestion() {
    InvalidConfigurationException invalid = rejected("crik.webhook.capabilities", "SYS_ADMIN", "sys_admn");

    assertThat(invalid.problem()).isEqualTo("crik.webhook.capabilities[1]=sys_admn is not a Linux capability name");
    assertThat(invalid.action()).startsWith("replace sys_admn with SYS_ADMIN in crik.webhook.capabilities.");
    assertThat(invalid.action()).contains("CHECKPOINT_RESTORE");
  }

  @Test
  void missingSysPrefixGetsSuggestion() {
    InvalidConfigurationException invalid = rejected("crik.webhook.runtime-default-capabilities", "SETPCAP", "CHROOT");

    assertThat(invalid.problem())
        .isEqualTo("crik.webhook.runtime-default-capabilities[1]=CHROOT is not a Linux capability name");
    assertThat(invalid.action()).startsWith("replace CHROOT with SYS_CHROOT in crik.webhook.runtime-default-capabilities.");
  }

  @Test
  void lowerCaseNameGetsUpperCase() {
    InvalidConfigurationException invalid = rejected("crik.webhook.capabilities", "net_admin");

    assertThat(invalid.action()).startsWith("replace net_admin with NET_ADMIN");
  }

  @Test
  void unrelatedNameGetsNoSuggestion() {
    InvalidConfigurationException invalid = rejected("crik.webhook.capabilities", "SYS_ADMIN", "MOUNT");

    assertThat(invalid.problem()).isEqualTo("crik.webhook.capabilities[1]=MOUNT is not a Linux capability name");
    assertThat(invalid.action()).startsWith("remove MOUNT from crik.webhook.capabilities, or correct it.");
  }

  @Test
  void allIsRejectedWithoutSuggestion() {
    InvalidConfigurationException invalid = rejected("crik.webhook.capabilities", "ALL");

    assertThat(invalid.problem()).startsWith("crik.webhook.capabilities[0]=ALL: ALL is valid only in capabilities.drop");
    assertThat(invalid.action()).isEqualTo("list the capabilities one by one in crik.webhook.capabilities");
  }

  @Test
  void emptyEntryIsRejected() {
    InvalidConfigurationException invalid = rejected("crik.webhook.capabilities", "SYS_ADMIN", "");

    assertThat(invalid.problem()).isEqualTo("crik.webhook.capabilities[1]= is empty");
  }
}
