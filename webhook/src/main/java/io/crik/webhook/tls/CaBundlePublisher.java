package io.crik.webhook.tls;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes the trust bundle into {@code clientConfig.caBundle} of every webhook of crik's own
 * MutatingWebhookConfiguration. It sends a JSON patch that touches only those fields, with a
 * {@code test} of each webhook's name so that a configuration changed in between is not patched
 * at the wrong index. It needs only get and patch on that one object.
 */
final class CaBundlePublisher {

  /** The outcome of one publication. */
  enum Publication {
    /** Every webhook already had the bundle. */
    UNCHANGED,
    /** At least one webhook got the bundle. */
    PATCHED,
    /** The MutatingWebhookConfiguration does not exist (yet). */
    MISSING
  }

  private final KubernetesClient client;
  private final String configurationName;

  CaBundlePublisher(KubernetesClient client, String configurationName) {
    this.client = client;
    this.configurationName = configurationName;
  }

  Publication publish(String bundlePem) {
    MutatingWebhookConfiguration configuration = client.admissionRegistration().v1().mutatingWebhookConfigurations()
        .withName(configurationName).get();
    if (configuration == null) {
      return Publication.MISSING;
    }
    String caBundle = Base64.getEncoder().encodeToString(bundlePem.getBytes(StandardCharsets.US_ASCII));
    List<Map<String, Object>> operations = patchOperations(configuration.getWebhooks(), caBundle);
    if (operations.isEmpty()) {
      return Publication.UNCHANGED;
    }
    String patch = client.getKubernetesSerialization().asJson(operations);
    client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(configurationName)
        .patch(PatchContext.of(PatchType.JSON), patch);
    return Publication.PATCHED;
  }

  String configurationName() {
    return configurationName;
  }

  /** Returns the JSON patch operations that set caBundle on each webhook that lacks it. */
  static List<Map<String, Object>> patchOperations(List<MutatingWebhook> webhooks, String caBundle) {
    List<Map<String, Object>> operations = new ArrayList<>();
    for (int i = 0; i < webhooks.size(); i++) {
      MutatingWebhook webhook = webhooks.get(i);
      String current = webhook.getClientConfig() == null ? null : webhook.getClientConfig().getCaBundle();
      if (caBundle.equals(current)) {
        continue;
      }
      operations.add(Map.of("op", "test", "path", "/webhooks/" + i + "/name", "value", webhook.getName()));
      if (webhook.getClientConfig() == null) {
        operations.add(Map.of("op", "add", "path", "/webhooks/" + i + "/clientConfig",
            "value", Map.of("caBundle", caBundle)));
      } else {
        operations.add(Map.of("op", "add", "path", "/webhooks/" + i + "/clientConfig/caBundle", "value", caBundle));
      }
    }
    return operations;
  }
}
