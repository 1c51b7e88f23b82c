package io.crik.e2e;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Plays the Job controller for one Job: the pods it creates from the pod template and what it
 * does when one of them ends. A failed pod is replaced unless the Job's podFailurePolicy or its
 * backoffLimit ends the Job. A failure counts against backoffLimit unless a rule ignores it.
 */
public final class JobController {

    static final String USER = "system:serviceaccount:kube-system:job-controller";
    private static final String INDEX_KEY = "batch.kubernetes.io/job-completion-index";
    private static final int DEFAULT_BACKOFF_LIMIT = 6;

    /** What the controller does after a pod ended. */
    public enum Next {
        /** The pod succeeded and the Job (or its index) is complete. */
        COMPLETE,
        /** The controller creates a replacement pod. */
        REPLACE,
        /** The Job has failed: a FailJob rule matched, or the counted failures passed backoffLimit. */
        FAIL_JOB
    }

    private final Job job;
    private int countedFailures;

    /** Takes a Job as applied; a Job without a UID gets one, as the API server assigns it on create. */
    public JobController(Job job) {
        Job copy = new JobBuilder(job).build();
        if (copy.getMetadata().getUid() == null || copy.getMetadata().getUid().isEmpty()) {
            copy.getMetadata().setUid(UUID.randomUUID().toString());
        }
        this.job = copy;
    }

    public Job job() {
        return job;
    }

    public String name() {
        return job.getMetadata().getName();
    }

    public String uid() {
        return job.getMetadata().getUid();
    }

    public boolean isIndexed() {
        return "Indexed".equals(job.getSpec().getCompletionMode());
    }

    /** Returns the failures counted against backoffLimit so far. */
    public int countedFailures() {
        return countedFailures;
    }

    /** Returns the pod of a NonIndexed Job. */
    public Pod newPod() {
        if (isIndexed()) {
            throw new IllegalStateException("Job " + name() + " is Indexed; give the completion index");
        }
        return pod(Optional.empty());
    }

    /**
     * Returns the pod for a completion index of an Indexed Job: its generateName, labels,
     * annotation, hostname and {@code JOB_COMPLETION_INDEX} variable as the controller sets them.
     */
    public Pod newPod(int completionIndex) {
        if (!isIndexed()) {
            throw new IllegalStateException("Job " + name() + " is NonIndexed; it has no completion index");
        }
        return pod(Optional.of(completionIndex));
    }

    /** Decides what follows the end of a pod, from its status as the kubelet reported it. */
    public Next podEnded(PodStatus status) {
        if ("Succeeded".equals(status.getPhase())) {
            return Next.COMPLETE;
        }
        if (!"Failed".equals(status.getPhase())) {
            throw new IllegalArgumentException("the pod has not ended; its phase is " + status.getPhase());
        }
        var policy = job.getSpec().getPodFailurePolicy();
        Optional<PodFailurePolicy.Action> action = policy == null
                ? Optional.empty() : PodFailurePolicy.evaluate(policy.getRules(), status);
        if (action.isPresent() && action.get() == PodFailurePolicy.Action.IGNORE) {
            return Next.REPLACE;
        }
        if (action.isPresent() && action.get() != PodFailurePolicy.Action.COUNT) {
            return Next.FAIL_JOB;
        }
        countedFailures++;
        Integer limit = job.getSpec().getBackoffLimit();
        return countedFailures > (limit == null ? DEFAULT_BACKOFF_LIMIT : limit) ? Next.FAIL_JOB : Next.REPLACE;
    }

    private Pod pod(Optional<Integer> index) {
        var template = job.getSpec().getTemplate();
        Map<String, String> labels = new LinkedHashMap<>();
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        labels.put("batch.kubernetes.io/controller-uid", uid());
        labels.put("batch.kubernetes.io/job-name", name());
        labels.put("controller-uid", uid());
        labels.put("job-name", name());
        Map<String, String> annotations = new LinkedHashMap<>();
        if (template.getMetadata() != null && template.getMetadata().getAnnotations() != null) {
            annotations.putAll(template.getMetadata().getAnnotations());
        }
        index.ifPresent(value -> {
            labels.put(INDEX_KEY, value.toString());
            annotations.put(INDEX_KEY, value.toString());
        });

        Pod pod = new PodBuilder()
                .withNewMetadata()
                    .withGenerateName(name() + "-" + index.map(value -> value + "-").orElse(""))
                    .withNamespace(job.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withAnnotations(annotations)
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                            .withName(name()).withUid(uid()).withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
        pod = new PodBuilder(pod).build();
        if (index.isPresent()) {
            pod.getSpec().setHostname(name() + "-" + index.get());
            List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
            if (pod.getSpec().getInitContainers() != null) {
                all.addAll(pod.getSpec().getInitContainers());
            }
            all.forEach(JobController::addCompletionIndexVariable);
        }
        return pod;
    }

    private static void addCompletionIndexVariable(Container container) {
        List<EnvVar> env = container.getEnv() == null ? new ArrayList<>() : new ArrayList<>(container.getEnv());
        if (env.stream().noneMatch(variable -> variable.getName().equals("JOB_COMPLETION_INDEX"))) {
            env.add(new EnvVarBuilder().withName("JOB_COMPLETION_INDEX").withNewValueFrom().withNewFieldRef()
                    .withFieldPath("metadata.annotations['" + INDEX_KEY + "']").endFieldRef().endValueFrom().build());
        }
        container.setEnv(env);
    }
}
