package io.crik.webhook.tls;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code crik.webhook.tls.mode} is self-managed, in any of Spring's relaxed spellings. */
final class SelfManagedTlsCondition extends SpringBootCondition {

  static final String PROPERTY = "crik.webhook.tls.mode";

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    TlsMode mode = Binder.get(context.getEnvironment()).bind(PROPERTY, TlsMode.class).orElse(TlsMode.SERVER_SSL);
    return new ConditionOutcome(mode == TlsMode.SELF_MANAGED, PROPERTY + " is " + mode);
  }
}
