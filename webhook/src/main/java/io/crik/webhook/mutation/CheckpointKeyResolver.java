package io.crik.webhook.mutation;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Derives the checkpoint key: the sub-path of the checkpoint volume that identifies a workload
 * across pod replacements.
 *
 * <ul>
 *   <li>Job pod: {@code job/<job name>/<job uid>}, followed by {@code /<completion index>} for an
 *       Indexed Job. The UID keeps a re-created Job from restoring an old one's checkpoint.
 *   <li>StatefulSet pod: {@code statefulset/<pod name>}, stable across replacements.
 *   <li>Any other pod: the annotation {@code crik.io/checkpoint-key}, a relative path.
 * </ul>
 *
 * <p>Pods created with {@code generateName} have no name at admission, so Job pods are recognized
 * by their owner reference and labels, never by their name.
 */
final class CheckpointKeyResolver {

  static final int MAX_KEY_LENGTH = 200;

  private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern COMPLETION_INDEX = Pattern.compile("0|[1-9][0-9]{0,8}");

  private static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
  private static final String LEGACY_JOB_NAME_LABEL = "job-name";
  private static final String JOB_UID_LABEL = "batch.kubernetes.io/controller-uid";
  private static final String LEGACY_JOB_UID_LABEL = "controller-uid";
  private static final String COMPLETION_INDEX_KEY = "batch.kubernetes.io/job-completion-index";
  private static final String STATEFULSET_POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";

  CheckpointKey resolve(Pod pod, String podDisplayName) {
    Map<String, String> labels = orEmpty(pod.getMetadata().getLabels());
    Map<String, String> annotations = orEmpty(pod.getMetadata().getAnnotations());
    String annotatedKey = annotations.get(CrikAnnotations.CHECKPOINT_KEY);

    Optional<OwnerReference> job = owner(pod, "Job");
    if (job.isPresent() || labels.containsKey(JOB_NAME_LABEL) || labels.containsKey(LEGACY_JOB_NAME_LABEL)) {
      return withIgnoredAnnotation(jobKey(job, labels, annotations, podDisplayName), annotatedKey, "Job");
    }

    Optional<OwnerReference> statefulSet = owner(pod, "StatefulSet");
    if (statefulSet.isPresent()) {
      return withIgnoredAnnotation(statefulSetKey(pod, labels, podDisplayName), annotatedKey, "StatefulSet");
    }

    if (annotatedKey == null) {
      return new CheckpointKey.Missing("pod " + podDisplayName + " is not owned by a Job or a StatefulSet, "
          + "so crik cannot tell which later pod replaces it: set the annotation "
          + CrikAnnotations.CHECKPOINT_KEY + " to a relative path that names the workload, "
          + "for example \"billing/report-builder\"");
    }
    return validateAnnotatedKey(annotatedKey);
  }

  /** Returns an error message when the annotation's value is not a safe relative path. */
  static Optional<String> checkAnnotatedKey(String key) {
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      return Optional.of("invalid " + CrikAnnotations.CHECKPOINT_KEY + " \"" + key + "\": it must have 1 to "
          + MAX_KEY_LENGTH + " characters");
    }
    for (String segment : key.split("/", -1)) {
      if (!SAFE_SEGMENT.matcher(segment).matches()) {
        return Optional.of("invalid " + CrikAnnotations.CHECKPOINT_KEY + " \"" + key + "\": use a relative path "
            + "of segments made of letters, digits, '.', '_' and '-', each starting with a letter or digit, "
            + "separated by single '/', for example \"billing/report-builder\"");
      }
    }
    return Optional.empty();
  }

  private static CheckpointKey validateAnnotatedKey(String key) {
    return checkAnnotatedKey(key)
        .<CheckpointKey>map(CheckpointKey.Invalid::new)
        .orElseGet(() -> new CheckpointKey.Derived(key, List.of()));
  }

  private static CheckpointKey jobKey(Optional<OwnerReference> owner, Map<String, String> labels,
      Map<String, String> annotations, String podDisplayName) {
    String name = owner.map(OwnerReference::getName)
        .orElseGet(() -> labels.getOrDefault(JOB_NAME_LABEL, labels.get(LEGACY_JOB_NAME_LABEL)));
    String uid = owner.map(OwnerReference::getUid)
        .orElseGet(() -> labels.getOrDefault(JOB_UID_LABEL, labels.get(LEGACY_JOB_UID_LABEL)));
    if (isBlank(name) || isBlank(uid) || !SAFE_SEGMENT.matcher(name).matches() || !SAFE_SEGMENT.matcher(uid).matches()) {
      return new CheckpointKey.Missing("Job pod " + podDisplayName + " has no usable Job name and UID in its "
          + "owner reference or its labels " + JOB_NAME_LABEL + " and " + JOB_UID_LABEL
          + ": create the pod through a Job, or set " + CrikAnnotations.CHECKPOINT_KEY + " on a bare pod");
    }

    String key = "job/" + name + "/" + uid;
    String index = annotations.getOrDefault(COMPLETION_INDEX_KEY, labels.get(COMPLETION_INDEX_KEY));
    if (index == null) {
      return new CheckpointKey.Derived(key, List.of());
    }
    if (!COMPLETION_INDEX.matcher(index).matches()) {
      return new CheckpointKey.Missing("Job pod " + podDisplayName + " has the completion index \"" + index
          + "\", which is not a non-negative integer; it is set by the Job controller, so create the pod through "
          + "an Indexed Job");
    }
    return new CheckpointKey.Derived(key + "/" + index, List.of());
  }

  private static CheckpointKey statefulSetKey(Pod pod, Map<String, String> labels, String podDisplayName) {
    String name = pod.getMetadata().getName();
    if (isBlank(name)) {
      name = labels.get(STATEFULSET_POD_NAME_LABEL);
    }
    if (isBlank(name)) {
      return new CheckpointKey.Missing("StatefulSet pod " + podDisplayName + " has neither a name nor the label "
          + STATEFULSET_POD_NAME_LABEL + ": create the pod through its StatefulSet");
    }
    return new CheckpointKey.Derived("statefulset/" + name, List.of());
  }

  private static CheckpointKey withIgnoredAnnotation(CheckpointKey key, String annotatedKey, String ownerKind) {
    if (annotatedKey == null || !(key instanceof CheckpointKey.Derived derived)) {
      return key;
    }
    return new CheckpointKey.Derived(derived.key(), List.of(CrikAnnotations.CHECKPOINT_KEY + " is ignored for a "
        + ownerKind + " pod, whose key \"" + derived.key() + "\" is derived from its owner"));
  }

  private static Optional<OwnerReference> owner(Pod pod, String kind) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    if (owners == null) {
      return Optional.empty();
    }
    return owners.stream()
        .filter(owner -> kind.equals(owner.getKind()))
        .filter(owner -> !Boolean.FALSE.equals(owner.getController()))
        .findFirst();
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
