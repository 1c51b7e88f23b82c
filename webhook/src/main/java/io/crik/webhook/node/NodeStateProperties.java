package io.crik.webhook.node;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Configuration of the node-state service, under {@code crik.webhook.node-state}; the README lists
 * every property. A duration without a unit is in seconds.
 */
@ConfigurationProperties("crik.webhook.node-state")
public class NodeStateProperties {

  /**
   * Taint keys that mark a node as going away. Karpenter before v1 used {@code karpenter.sh/disruption},
   * v1 uses {@code karpenter.sh/disrupted}; the AWS node termination handler sets one of its four keys.
   */
  public static final List<String> DEFAULT_DISRUPTION_TAINTS = List.of(
      "ToBeDeletedByClusterAutoscaler",
      "karpenter.sh/disrupted",
      "karpenter.sh/disruption",
      "aws-node-termination-handler/spot-itn",
      "aws-node-termination-handler/scheduled-maintenance",
      "aws-node-termination-handler/asg-lifecycle-termination",
      "aws-node-termination-handler/rebalance-recommendation",
      "cloud.google.com/impending-node-termination",
      "node.kubernetes.io/out-of-service");

  /** Whether the webhook watches Nodes and serves GET /nodes/{name}; needs list and watch on nodes. */
  private boolean enabled = true;

  /** Taint keys that mark a node as going away; setting the list replaces the defaults. */
  private List<String> disruptionTaints = new ArrayList<>(DEFAULT_DISRUPTION_TAINTS);

  /** Further taint keys that mark a node as going away, added to disruption-taints. */
  private List<String> extraDisruptionTaints = new ArrayList<>();

  /** Whether a cordoned node (spec.unschedulable: true) counts as going away. */
  private boolean cordonedIsGoingAway = false;

  /** How long a deleted Node is still reported as going away, for wrappers still running on it; 0 reports 404 at once. */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration deletedNodeRetention = Duration.ofMinutes(10);

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public List<String> getDisruptionTaints() {
    return disruptionTaints;
  }

  public void setDisruptionTaints(List<String> disruptionTaints) {
    this.disruptionTaints = disruptionTaints;
  }

  public List<String> getExtraDisruptionTaints() {
    return extraDisruptionTaints;
  }

  public void setExtraDisruptionTaints(List<String> extraDisruptionTaints) {
    this.extraDisruptionTaints = extraDisruptionTaints;
  }

  public boolean isCordonedIsGoingAway() {
    return cordonedIsGoingAway;
  }

  public void setCordonedIsGoingAway(boolean cordonedIsGoingAway) {
    this.cordonedIsGoingAway = cordonedIsGoingAway;
  }

  public Duration getDeletedNodeRetention() {
    return deletedNodeRetention;
  }

  public void setDeletedNodeRetention(Duration deletedNodeRetention) {
    this.deletedNodeRetention = deletedNodeRetention;
  }

  /** Returns the rules these properties define. */
  public NodeStateRules rules() {
    Set<String> taints = new LinkedHashSet<>(disruptionTaints);
    taints.addAll(extraDisruptionTaints);
    return new NodeStateRules(taints, cordonedIsGoingAway);
  }
}
