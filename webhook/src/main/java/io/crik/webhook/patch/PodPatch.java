package io.crik.webhook.patch;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;
import java.util.EnumSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Computes the JSON Patch (RFC 6902) that turns one pod into another by diffing the two. Both pods
 * go through the same serializer, so fields the model does not know, and any normalization it
 * applies, appear on both sides and never in the patch.
 */
public final class PodPatch {

  /**
   * Only add, remove and replace: the API server also accepts move and copy, but a patch made of
   * the three basic operations is easier to read in audit logs and golden files.
   */
  private static final EnumSet<DiffFlags> FLAGS = EnumSet.of(
      DiffFlags.OMIT_VALUE_ON_REMOVE, DiffFlags.OMIT_MOVE_OPERATION, DiffFlags.OMIT_COPY_OPERATION);

  private final KubernetesSerialization serialization;

  public PodPatch(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  public ArrayNode diff(Pod original, Pod mutated) {
    JsonNode before = serialization.convertValue(original, JsonNode.class);
    JsonNode after = serialization.convertValue(mutated, JsonNode.class);
    return (ArrayNode) JsonDiff.asJson(before, after, FLAGS);
  }
}
