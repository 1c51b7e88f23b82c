package io.crik.webhook.config;

import io.crik.webhook.tls.InvalidTlsSecretException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Turns the webhook's start-up failures into a short description and action in place of a stack
 * trace: an {@link InvalidConfigurationException}, a crik.webhook.* enum, duration or size value
 * that cannot be converted, an unreadable self-managed TLS Secret, and a certificate or private
 * key file of the HTTPS port that is missing, unreadable or not PEM.
 * Registered in {@code META-INF/spring.factories}; Spring Boot passes the {@link Environment}.
 */
public class StartupFailureAnalyzer implements FailureAnalyzer, Ordered {

  private final Environment environment;

  public StartupFailureAnalyzer(Environment environment) {
    this.environment = environment;
  }

  @Override
  public int getOrder() {
    // Before Spring Boot's BindFailureAnalyzer, which lists enum constants in Java's spelling.
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    BindException bind = findCause(failure, BindException.class);
    if (bind != null) {
      FailureAnalysis analysis = analyzeBinding(bind, failure);
      if (analysis != null) {
        return analysis;
      }
    }
    InvalidConfigurationException invalid = findCause(failure, InvalidConfigurationException.class);
    if (invalid != null) {
      return analysis(invalid.problem(), invalid.action(), failure);
    }
    InvalidTlsSecretException secret = findCause(failure, InvalidTlsSecretException.class);
    if (secret != null) {
      return analysis("the self-managed TLS Secret cannot be read: " + secret.getMessage(),
          "repair that key of the Secret, or delete the Secret so that the webhook creates a new CA and serving"
              + " certificate at start-up and publishes the new CA as caBundle", failure);
    }
    NoSuchSslBundleException noBundle = findCause(failure, NoSuchSslBundleException.class);
    if (noBundle != null) {
      String name = noBundle.getBundleName();
      return analysis("server.ssl.bundle=" + name + " names an SSL bundle that is not defined",
          "define it with spring.ssl.bundle.pem." + name + ".keystore.certificate and spring.ssl.bundle.pem." + name
              + ".keystore.private-key, or remove server.ssl.bundle and set server.ssl.certificate and"
              + " server.ssl.certificate-private-key", failure);
    }
    if (mentionsTlsMaterial(failure)) {
      Optional<TlsFileCheck.Problem> problem = new TlsFileCheck(environment).find();
      if (problem.isPresent()) {
        return analysis(problem.get().description(), problem.get().action(), failure);
      }
    }
    return null;
  }

  /**
   * Describes a crik.webhook.* value that cannot be converted to an enum, a duration or a data
   * size, with the spellings that the README documents. Returns null for other binding failures,
   * which Spring Boot's own analyzer describes.
   */
  private static FailureAnalysis analyzeBinding(BindException bind, Throwable failure) {
    String property = bind.getName().toString();
    Class<?> type = bind.getTarget().getType().resolve();
    if (!property.startsWith("crik.webhook.") || type == null || bind.getProperty() == null) {
      return null;
    }
    String problem = property + "=" + bind.getProperty().getValue() + " is invalid";
    if (type.isEnum()) {
      List<String> spellings = Arrays.stream(type.getEnumConstants())
          .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
          .toList();
      return analysis(problem, "set " + property + " to one of " + String.join(", ", spellings), failure);
    }
    if (type == Duration.class) {
      return analysis(problem, "set " + property + " to a duration such as 30s or 2m, or to a number of seconds",
          failure);
    }
    if (type == DataSize.class) {
      return analysis(problem, "set " + property + " to a size with a unit, such as 512KB or 3MB", failure);
    }
    return null;
  }

  /**
   * Returns whether a message in the cause chain is about TLS key material.
   *
   * <p>NOTE: Spring Boot 4.0.7 reports unreadable PEM files with plain IllegalStateExceptions
   * ("Unable to create key store: ...", "Missing private key or unrecognized format"), so only
   * their text distinguishes them. If a later version words them differently, this returns false
   * and Spring Boot's stack trace shows as before.
   */
  private static boolean mentionsTlsMaterial(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
      if (message.contains("key store") || message.contains("certificate") || message.contains("private key")
          || message.contains("trust material")) {
        return true;
      }
    }
    return false;
  }

  private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
    }
    return null;
  }

  private static FailureAnalysis analysis(String problem, String action, Throwable failure) {
    return new FailureAnalysis("The crik webhook cannot start: " + problem + ".", capitalize(action) + ".", failure);
  }

  private static String capitalize(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
