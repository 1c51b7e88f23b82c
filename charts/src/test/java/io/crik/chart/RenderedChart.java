package io.crik.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** The objects of a rendered chart, parsed into fabric8 models. */
final class RenderedChart {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final String manifest;
  private final List<HasMetadata> objects;

  private RenderedChart(String manifest, List<HasMetadata> objects) {
    this.manifest = manifest;
    this.objects = objects;
  }

  static RenderedChart parse(String manifest) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : manifest.split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
        continue;
      }
      objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
    }
    return new RenderedChart(manifest, objects);
  }

  String manifest() {
    return manifest;
  }

  List<HasMetadata> objects() {
    return objects;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    if (found.size() != 1) {
      throw new NoSuchElementException("expected one " + type.getSimpleName() + ", found " + found.size());
    }
    return found.get(0);
  }

  /** Returns the objects of a kind that fabric8 has no typed model for, such as cert-manager's. */
  List<HasMetadata> ofKind(String kind) {
    return objects.stream().filter(object -> kind.equals(object.getKind())).toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(String text) {
    return SERIALIZATION.unmarshal(text, Map.class);
  }
}
