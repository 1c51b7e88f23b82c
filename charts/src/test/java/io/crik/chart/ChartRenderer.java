package io.crik.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders the chart with helm-java, as "helm template" does, for one Kubernetes version.
 * helm-java's template command leaves hooks out of its output, so the chart is rendered from a
 * copy in which the {@value #HOOK_ANNOTATION} annotation is renamed to {@value #RENDERED_HOOK}: the
 * "helm test" objects then come out as plain objects and keep their hook kind in that annotation.
 */
final class ChartRenderer {

  static final Path CHART = Path.of(System.getProperty("crik.chart.directory", "crik")).toAbsolutePath();
  static final String RELEASE = "crik";
  static final String NAMESPACE = "crik-system";
  static final String HOOK_ANNOTATION = "helm.sh/hook";
  static final String RENDERED_HOOK = "test.crik.io/helm-hook";

  private static final Path CHART_WITH_PLAIN_HOOKS = copyWithPlainHooks();

  private final String kubeVersion;
  private Path valuesFile;
  private final Map<String, Object> values = new LinkedHashMap<>();

  private ChartRenderer(String kubeVersion) {
    this.kubeVersion = kubeVersion;
  }

  static ChartRenderer forKubernetes(String kubeVersion) {
    return new ChartRenderer(kubeVersion);
  }

  /** Uses a values file from src/test/resources/values. */
  ChartRenderer valuesFile(String name) {
    this.valuesFile = Path.of(System.getProperty("crik.top.directory", ".."), "charts", "src", "test", "resources",
        "values", name).toAbsolutePath();
    return this;
  }

  /** Sets one value, as "--set key=value" does. */
  ChartRenderer set(String key, Object value) {
    values.put(key, value);
    return this;
  }

  RenderedChart render() {
    TemplateCommand command = new Helm(CHART_WITH_PLAIN_HOOKS).template()
        .withName(RELEASE)
        .withNamespace(NAMESPACE)
        .withKubeVersion(kubeVersion);
    if (valuesFile != null) {
      command = command.withValuesFile(valuesFile);
    }
    for (Map.Entry<String, Object> value : values.entrySet()) {
      command = command.set(value.getKey(), value.getValue());
    }
    return RenderedChart.parse(command.call());
  }

  private static Path copyWithPlainHooks() {
    try {
      Path copy = Files.createTempDirectory("crik-chart").resolve("crik");
      try (Stream<Path> files = Files.walk(CHART)) {
        for (Path file : files.toList()) {
          Path target = copy.resolve(CHART.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            String text = Files.readString(file);
            Files.writeString(target, text.replace(HOOK_ANNOTATION + ":", RENDERED_HOOK + ":"));
          }
        }
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException("failed to copy the chart " + CHART, e);
    }
  }
}
