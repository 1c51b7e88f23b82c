package io.crik.webhook.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectorRoutingFilterTest {

  @ParameterizedTest(name = "{0}: https={1} plain={2}")
  @CsvSource({
      "/mutate, true, false",
      "/mutate/extra, true, false",
      "/mutated, false, true",
      "/actuator/health, true, true",
      "/actuator/health/readiness, true, true",
      "/actuator/healthz, false, true",
      "/actuator/prometheus, false, true",
      "/nodes/node-1, false, true",
      "/, false, true",
  })
  void routesByConnector(String path, boolean https, boolean plain) {
    assertThat(ConnectorRoutingFilter.servedOverHttps(path)).as("HTTPS").isEqualTo(https);
    assertThat(!ConnectorRoutingFilter.isAdmission(path)).as("plain HTTP").isEqualTo(plain);
  }
}
