package io.crik.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The manifests in {@code examples/demo} that the demo and the scenarios apply. */
public final class Examples {

    public static final String SETUP = "setup.yaml";
    public static final String COUNTER_JOB = "counter-job.yaml";
    public static final String ACCUMULATOR_JOB = "accumulator-job.yaml";
    public static final String REDIS_STATEFULSET = "redis-statefulset.yaml";
    public static final String TWO_CONTAINERS_POD = "two-containers-pod.yaml";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Examples() {
    }

    public static Job job(String file) {
        return read(file, Job.class);
    }

    public static StatefulSet statefulSet(String file) {
        return read(file, StatefulSet.class);
    }

    public static Pod pod(String file) {
        return read(file, Pod.class);
    }

    /** Returns every object of a multi-document file such as setup.yaml. */
    public static List<HasMetadata> objects(String file) {
        Object parsed = SERIALIZATION.unmarshal(text(file));
        if (parsed instanceof KubernetesResourceList<?> list) {
            return List.copyOf(list.getItems());
        }
        if (parsed instanceof List<?> list) {
            return list.stream().map(HasMetadata.class::cast).toList();
        }
        return List.of((HasMetadata) parsed);
    }

    public static Path path(String file) {
        return Artifacts.examples().resolve("demo").resolve(file);
    }

    private static <T> T read(String file, Class<T> type) {
        return SERIALIZATION.unmarshal(text(file), type);
    }

    private static String text(String file) {
        try {
            return Files.readString(path(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the example " + path(file), e);
        }
    }
}
