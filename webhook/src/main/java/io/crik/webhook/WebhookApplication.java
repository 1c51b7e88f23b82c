package io.crik.webhook;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The crik admission webhook: {@code POST /mutate} over HTTPS, health and metrics over plain HTTP. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebhookApplication {

  public static void main(String[] args) {
    SpringApplication.run(WebhookApplication.class, args);
  }
}
