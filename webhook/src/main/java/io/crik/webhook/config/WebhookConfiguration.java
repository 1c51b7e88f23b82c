package io.crik.webhook.config;

import io.crik.webhook.admission.AdmissionHandler;
import io.crik.webhook.admission.AdmissionMetrics;
import io.crik.webhook.admission.AdmissionResponseWriter;
import io.crik.webhook.admission.AdmissionReviewReader;
import io.crik.webhook.image.ImageConfig;
import io.crik.webhook.image.ImageEntrypointResolver;
import io.crik.webhook.image.ImageReference;
import io.crik.webhook.image.Platform;
import io.crik.webhook.kubernetes.AdmissionEventRecorder;
import io.crik.webhook.kubernetes.KubernetesEventRecorder;
import io.crik.webhook.kubernetes.NamespaceCache;
import io.crik.webhook.kubernetes.NamespaceLookup;
import io.crik.webhook.kubernetes.NoClusterNamespaceLookup;
import io.crik.webhook.kubernetes.PullSecretCredentials;
import io.crik.webhook.mutation.MutationSettings;
import io.crik.webhook.mutation.PodMutator;
import io.crik.webhook.patch.PodPatch;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/** Wires the webhook from {@link WebhookProperties}. */
@Configuration(proxyBeanMethods = false)
public class WebhookConfiguration {

  private static final Logger log = LoggerFactory.getLogger(WebhookConfiguration.class);

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  KubernetesSerialization kubernetesSerialization() {
    return new KubernetesSerialization();
  }

  @Bean
  PlainHttpConnector plainHttpConnector(WebhookProperties properties) {
    return new PlainHttpConnector(properties.getPlainPort());
  }

  @Bean
  TlsKeyPairCheck tlsKeyPairCheck(Environment environment) {
    return new TlsKeyPairCheck(environment);
  }

  @Bean
  FilterRegistrationBean<ConnectorRoutingFilter> connectorRoutingFilter() {
    FilterRegistrationBean<ConnectorRoutingFilter> registration = new FilterRegistrationBean<>(new ConnectorRoutingFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Bean
  MutationSettings mutationSettings(WebhookProperties properties, ObjectProvider<BuildProperties> build) {
    if (properties.getWrapperImage() == null || properties.getWrapperImage().isBlank()) {
      throw new InvalidConfigurationException("crik.webhook.wrapper-image", "crik.webhook.wrapper-image is empty",
          "set crik.webhook.wrapper-image to the image that carries the wrapper bundle, such as"
              + " registry.example.com/crik/crik-wrapper:<version>");
    }
    CapabilityNames.check("crik.webhook.capabilities", properties.getCapabilities());
    CapabilityNames.check("crik.webhook.runtime-default-capabilities", properties.getRuntimeDefaultCapabilities());
    BuildProperties buildProperties = build.getIfAvailable();
    String version = buildProperties == null ? "unknown" : buildProperties.getVersion();
    return new MutationSettings(
        version,
        properties.getWrapperImage(),
        properties.getWrapperImagePullPolicy(),
        initContainerResources(properties.getInitContainer()),
        properties.getDefaultCheckpointClaim(),
        properties.getCapabilities(),
        properties.getRuntimeDefaultCapabilities(),
        properties.getTerminationGracePeriodFloor().toSeconds(),
        properties.getNodeStateUrl(),
        properties.getOwnNamespace(),
        Set.copyOf(properties.getExcludedNamespaces()));
  }

  @Bean
  PodMutator podMutator(MutationSettings settings) {
    return new PodMutator(settings);
  }

  @Bean
  ImageEntrypointResolver imageEntrypointResolver(WebhookProperties properties, MeterRegistry meters, Clock clock) {
    WebhookProperties.Registry registry = properties.getRegistry();
    Map<String, ImageConfig> staticConfigs = new LinkedHashMap<>();
    List<WebhookProperties.StaticImage> images = properties.getImages();
    for (int i = 0; i < images.size(); i++) {
      WebhookProperties.StaticImage image = images.get(i);
      checkStaticImage(i, image.getImage());
      staticConfigs.put(image.getImage(), new ImageConfig(image.getEntrypoint(), image.getCmd(), image.getUser()));
    }
    Map<String, URI> endpoints = new LinkedHashMap<>();
    List<WebhookProperties.Endpoint> configuredEndpoints = registry.getEndpoints();
    for (int i = 0; i < configuredEndpoints.size(); i++) {
      WebhookProperties.Endpoint endpoint = configuredEndpoints.get(i);
      if (endpoint.getRegistry() == null || endpoint.getUrl() == null) {
        String entry = "crik.webhook.registry.endpoints[" + i + "]";
        throw new InvalidConfigurationException(entry, entry + " has no " + (endpoint.getRegistry() == null ? "registry"
            : "url"), "set both " + entry + ".registry and " + entry + ".url");
      }
      endpoints.put(endpoint.getRegistry(), endpoint.getUrl());
    }
    return new ImageEntrypointResolver(new ImageEntrypointResolver.Settings(registry.isEnabled(), staticConfigs,
        endpoints, registry.getConnectTimeout(), registry.getRequestTimeout(), registry.getCacheEntries(),
        registry.getTagTtl()), meters, clock);
  }

  @Bean
  NamespaceLookup namespaceLookup(ObjectProvider<KubernetesClient> client) {
    KubernetesClient available = client.getIfAvailable();
    if (available == null) {
      log.warn("No Kubernetes API is configured: namespace-level opt-in (label crik.io/enabled=true), PodSecurity "
          + "checks, Events and pull secrets are unavailable; pods opt in only through the annotation "
          + "crik.io/enabled: \"true\"");
      return new NoClusterNamespaceLookup();
    }
    return new NamespaceCache(available);
  }

  @Bean
  AdmissionEventRecorder admissionEventRecorder(WebhookProperties properties, ObjectProvider<KubernetesClient> client,
      Clock clock, MeterRegistry meters) {
    KubernetesClient available = client.getIfAvailable();
    if (available == null || !properties.getEvents().isEnabled()) {
      return AdmissionEventRecorder.NONE;
    }
    return new KubernetesEventRecorder(available, properties.getEvents().getMinInterval(), clock, meters);
  }

  @Bean
  AdmissionMetrics admissionMetrics(MeterRegistry meters) {
    return new AdmissionMetrics(meters);
  }

  @Bean
  AdmissionReviewReader admissionReviewReader(KubernetesSerialization serialization) {
    return new AdmissionReviewReader(serialization);
  }

  @Bean
  AdmissionResponseWriter admissionResponseWriter() {
    return new AdmissionResponseWriter();
  }

  @Bean
  AdmissionHandler admissionHandler(WebhookProperties properties, PodMutator mutator, ImageEntrypointResolver images,
      NamespaceLookup namespaces, ObjectProvider<KubernetesClient> client, AdmissionEventRecorder events,
      KubernetesSerialization serialization, AdmissionMetrics metrics) {
    KubernetesClient available = client.getIfAvailable();
    PullSecretCredentials pullSecrets =
        available != null && properties.getRegistry().isUsePullSecrets() ? new PullSecretCredentials(available) : null;
    return new AdmissionHandler(new AdmissionHandler.Dependencies(mutator, images, namespaces, pullSecrets, events,
        new PodPatch(serialization), metrics, properties.getFailureMode(),
        defaultPlatform(properties.getRegistry().getDefaultPlatform()), properties.getRegistry().getLookupTimeout()));
  }

  private static void checkStaticImage(int index, String image) {
    String property = "crik.webhook.images[" + index + "].image";
    if (image == null || image.isBlank()) {
      throw new InvalidConfigurationException(property, "the entry crik.webhook.images[" + index + "] has no image",
          "set " + property + " to the image reference that the entry describes, or remove the entry");
    }
    try {
      ImageReference.parse(image);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException(property, property + ": " + e.getMessage(),
          "set " + property + " to an image reference such as registry.example/team/app:1.4 or redis:7", e);
    }
  }

  private static Platform defaultPlatform(String value) {
    try {
      return Platform.parse(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException("crik.webhook.registry.default-platform",
          "crik.webhook.registry.default-platform=" + value + " is invalid",
          "set crik.webhook.registry.default-platform to os/architecture[/variant], for example linux/amd64"
              + " or linux/arm64/v8", e);
    }
  }

  @Bean
  NamespaceCacheHealthIndicator namespaceCacheHealthIndicator(NamespaceLookup namespaces) {
    return new NamespaceCacheHealthIndicator(namespaces);
  }

  @EventListener(ApplicationReadyEvent.class)
  void logReady(ApplicationReadyEvent event) {
    event.getApplicationContext().getBean(PlainHttpConnector.class).logStarted();
  }

  private static ResourceRequirements initContainerResources(WebhookProperties.InitContainer initContainer) {
    ResourceRequirementsBuilder builder = new ResourceRequirementsBuilder();
    initContainer.getRequests().forEach((name, value) -> builder.addToRequests(name, new Quantity(value)));
    initContainer.getLimits().forEach((name, value) -> builder.addToLimits(name, new Quantity(value)));
    return builder.build();
  }
}
