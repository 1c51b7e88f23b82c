package io.crik.webhook.node;

import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The configurable signals that a node is going away, next to the ones that always count
 * (graceful node shutdown, a deletion in progress).
 *
 * @param disruptionTaints taint keys that mark a node as going away, whatever the taint's value and effect
 * @param cordonedIsGoingAway whether {@code spec.unschedulable: true} counts
 */
public record NodeStateRules(Set<String> disruptionTaints, boolean cordonedIsGoingAway) {

  public NodeStateRules {
    disruptionTaints = disruptionTaints.stream()
        .filter(Objects::nonNull)
        .map(String::strip)
        .filter(key -> !key.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
