package io.crik.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChartTest {

  private static final String VERSION = System.getProperty("crik.version", "0.1.0-SNAPSHOT");
  private static final List<String> ALWAYS_EXCLUDED = List.of("kube-system", "kube-public", "kube-node-lease",
      ChartRenderer.NAMESPACE);

  @Test
  void lintPassesStrict() {
    LintResult result = new Helm(ChartRenderer.CHART).lint().strict().call();

    assertThat(result.getMessages()).as("lint messages").noneMatch(message -> message.contains("[ERROR]"));
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Nested
  @DisplayName("default values on Kubernetes 1.30")
  class Defaults {

    private final RenderedChart chart = ChartRenderer.forKubernetes("1.30.0").render();

    @Test
    void rendersExpectedObjects() {
      assertThat(chart.objects()).extracting(HasMetadata::getKind).containsExactlyInAnyOrder(
          "ServiceAccount", "ConfigMap", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Service",
          "Deployment", "PodDisruptionBudget", "MutatingWebhookConfiguration", "Pod");
    }

    @Test
    void everyObjectHasStandardLabels() {
      for (HasMetadata object : chart.objects()) {
        Map<String, String> labels = object.getMetadata().getLabels();
        String what = object.getKind() + " " + object.getMetadata().getName();
        assertThat(labels).as(what).containsEntry("app.kubernetes.io/name", "crik");
        assertThat(labels).as(what).containsEntry("app.kubernetes.io/instance", ChartRenderer.RELEASE);
        assertThat(labels).as(what).containsEntry("app.kubernetes.io/version", VERSION);
        assertThat(labels).as(what).containsEntry("app.kubernetes.io/managed-by", "Helm");
        assertThat(labels).as(what).containsEntry("helm.sh/chart", "crik-0.1.0");
      }
    }

    @Test
    void namespacedObjectsLiveInReleaseNamespace() {
      for (HasMetadata object : chart.objects()) {
        if (object instanceof ClusterRole || object instanceof ClusterRoleBinding
            || object instanceof MutatingWebhookConfiguration) {
          continue;
        }
        assertThat(object.getMetadata().getNamespace()).as(object.getKind()).isEqualTo(ChartRenderer.NAMESPACE);
      }
    }

    @Test
    void deploymentIsHardenedNonRoot() {
      Deployment deployment = chart.one(Deployment.class);
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      Container webhook = pod.getContainers().get(0);

      assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
      assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(webhook.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(webhook.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(webhook.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(webhook.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
      assertThat(webhook.getResources().getRequests()).containsKeys("cpu", "memory");
      assertThat(webhook.getResources().getLimits()).containsKey("memory");
    }

    @Test
    void deploymentProbesUseDocumentedPorts() {
      Container webhook = chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);

      assertThat(webhook.getPorts()).extracting(port -> port.getName() + ":" + port.getContainerPort())
          .containsExactly("https:8443", "http:8080");
      assertThat(webhook.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
      assertThat(webhook.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("https");
      assertThat(webhook.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
      assertThat(webhook.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
      assertThat(webhook.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
      assertThat(webhook.getLivenessProbe().getHttpGet().getScheme()).isNull();
      assertThat(webhook.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
      assertThat(webhook.getStartupProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }

    @Test
    void deploymentSpreadsOverNodesAndZones() {
      Deployment deployment = chart.one(Deployment.class);
      Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();

      assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
          .extracting(constraint -> constraint.getTopologyKey())
          .containsExactly("kubernetes.io/hostname", "topology.kubernetes.io/zone");
      assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
          .allSatisfy(constraint -> assertThat(podLabels).containsAllEntriesOf(
              constraint.getLabelSelector().getMatchLabels()));
    }

    @Test
    void serviceSelectsNoTestPod() {
      Map<String, String> testLabels = chart.one(Pod.class).getMetadata().getLabels();

      assertThat(testLabels).containsEntry("app.kubernetes.io/component", "test");
      assertThat(testLabels).doesNotContainEntry("app.kubernetes.io/component", "webhook");
      assertThat(chart.one(Service.class).getSpec().getSelector()).containsEntry("app.kubernetes.io/component", "webhook");
    }

    @Test
    void serviceAndBudgetSelectWebhookPods() {
      Map<String, String> podLabels = chart.one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels();
      Service service = chart.one(Service.class);
      PodDisruptionBudget budget = chart.one(PodDisruptionBudget.class);

      assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
      assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
      assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
      assertThat(service.getSpec().getPorts())
          .extracting(port -> port.getName() + ":" + port.getPort() + "->" + port.getTargetPort().getStrVal())
          .containsExactly("https:443->https", "http:8080->http");
    }

    @Test
    void imagesAreBuildImagesNames() {
      Container webhook = chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
      Map<String, Object> webhookConfig = webhookConfig(chart);

      assertThat(webhook.getImage()).isEqualTo("localhost/crik-webhook:" + VERSION);
      assertThat(webhookConfig).containsEntry("wrapper-image", "localhost/crik-wrapper:" + VERSION);
    }

    @Test
    void buildImagesProducesDefaultImages() throws Exception {
      Path top = Path.of(System.getProperty("crik.top.directory", ".."));
      Process process = new ProcessBuilder("bash", top.resolve("scripts/build-images").toString(), "--dry-run")
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      List<String> built = output.lines().filter(line -> line.startsWith("+ "))
          .map(line -> line.replaceAll(".* -t (\\S+) .*", "$1")).toList();
      Container webhook = chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);

      assertThat(process.waitFor()).as(output).isZero();
      assertThat(built).containsExactly(webhook.getImage(), (String) webhookConfig(chart).get("wrapper-image"));
    }

    @Test
    void configNamesOwnObjects() {
      Map<String, Object> webhookConfig = webhookConfig(chart);
      Map<String, Object> selfManaged = map(map(webhookConfig, "tls"), "self-managed");

      assertThat(webhookConfig).containsEntry("own-namespace", ChartRenderer.NAMESPACE);
      assertThat(webhookConfig).containsEntry("capabilities", List.of("SYS_ADMIN", "SYS_PTRACE", "NET_ADMIN", "SYS_TIME"));
      assertThat(webhookConfig).containsEntry("runtime-default-capabilities", List.of("SETPCAP", "SYS_CHROOT"));
      assertThat(webhookConfig).containsEntry("node-state-url", "http://crik.crik-system.svc:8080");
      assertThat(map(webhookConfig, "tls")).containsEntry("mode", "self-managed");
      assertThat(selfManaged).containsEntry("secret-name", "crik-tls");
      assertThat(selfManaged).containsEntry("service-name", chart.one(Service.class).getMetadata().getName());
      assertThat(selfManaged).containsEntry("webhook-configuration-name",
          chart.one(MutatingWebhookConfiguration.class).getMetadata().getName());
    }

    @Test
    void webhookConfigurationCallsService() {
      Service service = chart.one(Service.class);

      for (MutatingWebhook webhook : chart.one(MutatingWebhookConfiguration.class).getWebhooks()) {
        assertThat(webhook.getClientConfig().getService().getName()).isEqualTo(service.getMetadata().getName());
        assertThat(webhook.getClientConfig().getService().getNamespace()).isEqualTo(ChartRenderer.NAMESPACE);
        assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo("/mutate");
        assertThat(webhook.getClientConfig().getService().getPort()).isEqualTo(443);
        assertThat(webhook.getClientConfig().getCaBundle()).as("patched at run time").isNull();
      }
    }

    @Test
    void webhooksAdmitPodCreationOnly() {
      for (MutatingWebhook webhook : chart.one(MutatingWebhookConfiguration.class).getWebhooks()) {
        assertThat(webhook.getRules()).singleElement().satisfies(rule -> {
          assertThat(rule.getOperations()).containsExactly("CREATE");
          assertThat(rule.getApiGroups()).containsExactly("");
          assertThat(rule.getApiVersions()).containsExactly("v1");
          assertThat(rule.getResources()).containsExactly("pods");
        });
        assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
        assertThat(webhook.getSideEffects()).isEqualTo("NoneOnDryRun");
        assertThat(webhook.getReinvocationPolicy()).isEqualTo("IfNeeded");
        assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
        assertThat(webhook.getTimeoutSeconds()).isEqualTo(10);
      }
    }

    @Test
    void webhooksExcludeSystemAndOwnNamespaces() {
      for (MutatingWebhook webhook : chart.one(MutatingWebhookConfiguration.class).getWebhooks()) {
        LabelSelectorRequirement byName = requirement(webhook, "kubernetes.io/metadata.name");
        assertThat(byName.getOperator()).as(webhook.getName()).isEqualTo("NotIn");
        assertThat(byName.getValues()).as(webhook.getName()).containsExactlyInAnyOrderElementsOf(ALWAYS_EXCLUDED);
      }
    }

    @Test
    void namespaceWebhookSelectsLabel() {
      MutatingWebhook webhook = webhook(chart, "namespace.webhook.crik.io");
      LabelSelectorRequirement label = requirement(webhook, "crik.io/enabled");

      assertThat(label.getOperator()).isEqualTo("In");
      assertThat(label.getValues()).containsExactly("true");
      assertThat(conditions(webhook)).allSatisfy(expression -> assertThat(expression).startsWith("!has(object"));
    }

    @Test
    void podWebhookMatchesAnnotationWithGuard() {
      MutatingWebhook webhook = webhook(chart, "pod.webhook.crik.io");
      LabelSelectorRequirement label = requirement(webhook, "crik.io/enabled");

      assertThat(label.getOperator()).as("namespaces already covered by the namespace webhook").isEqualTo("NotIn");
      assertThat(conditionsByName(webhook)).containsExactly(
          Map.entry("annotated", "has(object.metadata.annotations) && 'crik.io/enabled' in object.metadata.annotations"),
          Map.entry("not-a-mirror-pod",
              "!has(object.metadata.annotations) || !('kubernetes.io/config.mirror' in object.metadata.annotations)"));
      assertThat(webhook.getObjectSelector()).isNull();
    }

    // The webhook skips "false" and denies invalid values such as "yes" or "True", so a condition
    // on the value would admit those pods unchanged without the webhook's reason.
    @Test
    void podWebhookIgnoresAnnotationValue() {
      MutatingWebhook webhook = webhook(chart, "pod.webhook.crik.io");

      assertThat(conditions(webhook)).noneSatisfy(expression ->
          assertThat(expression).contains("annotations['crik.io/enabled']"));
    }

    @Test
    void rbacHasNoWildcards() {
      List<PolicyRule> rules = new ArrayList<>();
      chart.all(ClusterRole.class).forEach(role -> rules.addAll(role.getRules()));
      chart.all(Role.class).forEach(role -> rules.addAll(role.getRules()));

      assertThat(rules).isNotEmpty().allSatisfy(rule -> {
        assertThat(rule.getVerbs()).doesNotContain("*");
        assertThat(rule.getResources()).doesNotContain("*");
        assertThat(rule.getApiGroups()).doesNotContain("*");
        assertThat(rule.getVerbs()).doesNotContain("delete", "deletecollection", "escalate", "bind", "impersonate");
      });
    }

    @Test
    void clusterRoleGrantsLeastPrivilege() {
      List<PolicyRule> rules = chart.one(ClusterRole.class).getRules();

      assertThat(rules).anySatisfy(rule -> {
        assertThat(rule.getResources()).containsExactly("namespaces", "nodes");
        assertThat(rule.getVerbs()).containsExactly("list", "watch");
      });
      assertThat(rules).anySatisfy(rule -> {
        assertThat(rule.getResources()).containsExactly("events");
        assertThat(rule.getVerbs()).containsExactly("create");
      });
      assertThat(rules).anySatisfy(rule -> {
        assertThat(rule.getResources()).containsExactly("mutatingwebhookconfigurations");
        assertThat(rule.getResourceNames()).containsExactly("crik");
        assertThat(rule.getVerbs()).containsExactly("get", "patch");
      });
      assertThat(rules).as("no Secrets outside the own namespace by default")
          .noneMatch(rule -> rule.getResources().contains("secrets"));
    }

    @Test
    void roleLimitsSecretsToOwnOne() {
      Role role = chart.one(Role.class);
      RoleBinding binding = chart.one(RoleBinding.class);

      assertThat(role.getRules()).anySatisfy(rule -> {
        assertThat(rule.getResourceNames()).containsExactly("crik-tls");
        assertThat(rule.getVerbs()).containsExactly("get", "update");
      });
      assertThat(role.getRules()).anySatisfy(rule -> {
        assertThat(rule.getResourceNames()).isNullOrEmpty();
        assertThat(rule.getVerbs()).containsExactly("create");
      });
      assertThat(binding.getSubjects()).singleElement().satisfies(subject ->
          assertThat(subject.getName()).isEqualTo(chart.one(ServiceAccount.class).getMetadata().getName()));
    }

    @Test
    void testHookChecksBothPorts() {
      Pod test = chart.one(Pod.class);
      List<String> command = test.getSpec().getContainers().get(0).getCommand();

      assertThat(test.getMetadata().getAnnotations()).containsEntry(ChartRenderer.RENDERED_HOOK, "test");
      assertThat(command).contains("http://crik.crik-system.svc:8080/actuator/health/readiness",
          "https://crik.crik-system.svc:443/actuator/health");
      assertThat(test.getSpec().getVolumes()).singleElement().satisfies(volume -> {
        assertThat(volume.getSecret().getSecretName()).isEqualTo("crik-tls");
        assertThat(volume.getSecret().getItems().get(0).getKey()).isEqualTo("ca-bundle.crt");
      });
    }

    @Test
    void configKeysAreDocumented() throws Exception {
      String readme = Files.readString(Path.of(System.getProperty("crik.top.directory", ".."), "README.md"));
      List<String> keys = new ArrayList<>();
      flatten("crik.webhook", webhookConfig(chart), keys);

      assertThat(keys).isNotEmpty().allSatisfy(key ->
          assertThat(documented(key, readme)).as("%s in the README's configuration reference", key).isTrue());
    }
  }

  @Nested
  @DisplayName("Kubernetes versions")
  class KubernetesVersions {

    @ParameterizedTest
    @ValueSource(strings = {"1.25.0", "1.27.9"})
    void beforeMatchConditionsSendsPodsBySelector(String version) {
      RenderedChart chart = ChartRenderer.forKubernetes(version).render();

      for (MutatingWebhook webhook : chart.one(MutatingWebhookConfiguration.class).getWebhooks()) {
        assertThat(webhook.getMatchConditions()).as(webhook.getName()).isNullOrEmpty();
        assertThat(requirement(webhook, "kubernetes.io/metadata.name").getValues())
            .containsExactlyInAnyOrderElementsOf(ALWAYS_EXCLUDED);
      }
      assertThat(webhook(chart, "pod.webhook.crik.io").getObjectSelector()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.28.0", "1.31.2"})
    void fromMatchConditionsFiltersByAnnotation(String version) {
      RenderedChart chart = ChartRenderer.forKubernetes(version).render();

      assertThat(conditions(webhook(chart, "pod.webhook.crik.io"))).hasSize(2);
      assertThat(conditions(webhook(chart, "namespace.webhook.crik.io"))).hasSize(2);
    }

    @Test
    void legacyObjectSelectorAppliesWithoutMatchConditions() {
      RenderedChart chart = ChartRenderer.forKubernetes("1.27.0")
          .set("webhook.podOptIn.legacyObjectSelector.matchLabels.crik\\.io/enabled", "true").render();

      assertThat(webhook(chart, "pod.webhook.crik.io").getObjectSelector().getMatchLabels())
          .containsExactly(Map.entry("crik.io/enabled", "true"));
    }

    @Test
    void forcedMatchConditionsOnOldVersion() {
      RenderedChart chart = ChartRenderer.forKubernetes("1.27.0").set("webhook.matchConditions", "enabled").render();

      assertThat(conditions(webhook(chart, "pod.webhook.crik.io"))).hasSize(2);
    }

    @Test
    void olderThanSupportedFails() {
      assertThatThrownBy(() -> ChartRenderer.forKubernetes("1.24.0").render())
          .hasMessageContaining("kubeVersion");
    }
  }

  @Nested
  @DisplayName("TLS modes")
  class TlsModes {

    @Test
    void certManagerCreatesCaChainAndInjectsIt() {
      RenderedChart chart = ChartRenderer.forKubernetes("1.30.0").valuesFile("cert-manager.yaml").render();
      MutatingWebhookConfiguration configuration = chart.one(MutatingWebhookConfiguration.class);

      assertThat(chart.ofKind("Issuer")).extracting(issuer -> issuer.getMetadata().getName())
          .containsExactlyInAnyOrder("crik-selfsigned", "crik-ca");
      assertThat(chart.ofKind("Certificate")).extracting(certificate -> certificate.getMetadata().getName())
          .containsExactlyInAnyOrder("crik-ca", "crik-tls");
      assertThat(configuration.getMetadata().getAnnotations())
          .containsEntry("cert-manager.io/inject-ca-from", "crik-system/crik-tls");
      assertThat(configuration.getWebhooks()).allSatisfy(webhook ->
          assertThat(webhook.getClientConfig().getCaBundle()).isNull());
      assertThat(chart.manifest()).contains("    - crik.crik-system.svc\n",
          "    - crik.crik-system.svc.cluster.local\n");
    }

    @Test
    void certManagerWithClusterIssuerCreatesCertificateOnly() {
      RenderedChart chart = ChartRenderer.forKubernetes("1.30.0").valuesFile("cert-manager-cluster-issuer.yaml")
          .render();

      assertThat(chart.ofKind("Issuer")).isEmpty();
      assertThat(chart.ofKind("Certificate")).singleElement()
          .satisfies(certificate -> assertThat(certificate.getMetadata().getName()).isEqualTo("crik-tls"));
      assertThat(chart.manifest()).contains("kind: ClusterIssuer", "name: platform-ca");
    }

    @Test
    void certManagerMountsSecretForReloadingBundle() {
      RenderedChart chart = ChartRenderer.forKubernetes("1.30.0").valuesFile("cert-manager.yaml").render();
      Map<String, Object> config = applicationYaml(chart);

      assertThat(tlsVolume(chart).getSecret().getSecretName()).isEqualTo("crik-tls");
      assertThat(map(map(config, "crik"), "webhook")).extractingByKey("tls").isEqualTo(Map.of("mode", "server-ssl"));
      assertThat(map(config, "server")).extractingByKey("ssl").isEqualTo(Map.of("bundle", "crik-webhook"));
      assertThat(map(map(map(map(config, "spring"), "ssl"), "bundle"), "pem")).extractingByKey("crik-webhook")
          .isEqualTo(Map.of("reload-on-update", true, "keystore", Map.of(
              "certificate", "file:/etc/crik/tls/tls.crt", "private-key", "file:/etc/crik/tls/tls.key")));
      assertThat(chart.all(Role.class)).as("no Secret writes").isEmpty();
      assertThat(chart.one(ClusterRole.class).getRules())
          .noneMatch(rule -> rule.getResources().contains("mutatingwebhookconfigurations"));
    }

    @Test
    void existingSecretPublishesGivenCaBundle() throws Exception {
      RenderedChart chart = ChartRenderer.forKubernetes("1.30.0").valuesFile("existing-secret.yaml").render();
      String caBundle = RenderedChart.yaml(Files.readString(Path.of(System.getProperty("crik.top.directory", ".."),
          "charts/src/test/resources/values/existing-secret.yaml")))
          .entrySet().stream().filter(entry -> entry.getKey().equals("tls")).map(entry -> map(
              map(Map.of("tls", entry.getValue()), "tls"), "existingSecret").get("caBundle").toString())
          .findFirst().orElseThrow();

      assertThat(chart.one(MutatingWebhookConfiguration.class).getWebhooks()).hasSize(2).allSatisfy(webhook ->
          assertThat(new String(Base64.getDecoder().decode(webhook.getClientConfig().getCaBundle()),
              StandardCharsets.US_ASCII)).isEqualTo(caBundle));
      assertThat(tlsVolume(chart).getSecret().getSecretName()).isEqualTo("platform-webhook-tls");
      assertThat(chart.all(ConfigMap.class)).anySatisfy(configMap -> {
        assertThat(configMap.getMetadata().getName()).isEqualTo("crik-test-ca");
        assertThat(configMap.getData().get("ca.crt")).startsWith("-----BEGIN CERTIFICATE-----");
      });
    }

    @Test
    void existingSecretWithoutCaBundleFails() {
      assertThatThrownBy(() -> ChartRenderer.forKubernetes("1.30.0").set("tls.mode", "existingSecret")
          .set("tls.existingSecret.name", "given").render())
          .hasMessageContaining("caBundle");
    }
  }

  @Nested
  @DisplayName("values")
  class Values {

    @Test
    void usePullSecretsGrantsSecretReads() {
      RenderedChart chart = ChartRenderer.forKubernetes("1.30.0").set("registry.usePullSecrets", true).render();

      assertThat(chart.one(ClusterRole.class).getRules()).anySatisfy(rule -> {
        assertThat(rule.getResources()).containsExactly("secrets");
        assertThat(rule.getVerbs()).containsExactly("get");
      });
    }

    @Test
    void nodeStateValuesReachConfig() {
      RenderedChart chart = ChartRenderer.forKubernetes("1.30.0")
          .set("nodeState.extraDisruptionTaints[0]", "example.com/reclaim")
          .set("nodeState.cordonedIsGoingAway", true).render();
      Map<String, Object> nodeState = map(webhookConfig(chart), "node-state");

      assertThat(nodeState).containsEntry("extra-disruption-taints", List.of("example.com/reclaim"));
      assertThat(nodeState).containsEntry("cordoned-is-going-away", true);
    }

    @Test
    void fullnameOverrideReachesConfig() {
      RenderedChart chart = ChartRenderer.forKubernetes("1.30.0").set("fullnameOverride", "spot-guard").render();
      Map<String, Object> webhookConfig = webhookConfig(chart);

      assertThat(chart.one(Service.class).getMetadata().getName()).isEqualTo("spot-guard");
      assertThat(webhookConfig).containsEntry("node-state-url", "http://spot-guard.crik-system.svc:8080");
      assertThat(map(map(webhookConfig, "tls"), "self-managed")).containsEntry("service-name", "spot-guard")
          .containsEntry("webhook-configuration-name", "spot-guard").containsEntry("secret-name", "spot-guard-tls");
    }

    @Test
    void registryAndTagApplyToBothImages() {
      RenderedChart chart = ChartRenderer.forKubernetes("1.30.0").set("image.registry", "registry.example/platform")
          .set("image.tag", "1.2.3").render();

      assertThat(chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .isEqualTo("registry.example/platform/crik-webhook:1.2.3");
      assertThat(webhookConfig(chart)).containsEntry("wrapper-image", "registry.example/platform/crik-wrapper:1.2.3");
    }

    @Test
    void extraNamespacesAreExcluded() {
      RenderedChart chart = ChartRenderer.forKubernetes("1.30.0").set("webhook.excludedNamespaces[0]", "monitoring")
          .render();

      assertThat(requirement(webhook(chart, "pod.webhook.crik.io"), "kubernetes.io/metadata.name").getValues())
          .contains("monitoring", "kube-system");
      assertThat(webhookConfig(chart)).containsEntry("excluded-namespaces", List.of("monitoring"));
    }

    @Test
    void failurePolicyAndTimeoutComeFromValues() {
      RenderedChart chart = ChartRenderer.forKubernetes("1.30.0").set("webhook.failurePolicy", "Ignore")
          .set("webhook.timeoutSeconds", 5).render();

      assertThat(chart.one(MutatingWebhookConfiguration.class).getWebhooks()).allSatisfy(webhook -> {
        assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
        assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
      });
    }

    @Test
    void podOptInCanBeTurnedOff() {
      RenderedChart chart = ChartRenderer.forKubernetes("1.30.0").set("webhook.podOptIn.enabled", false).render();

      assertThat(chart.one(MutatingWebhookConfiguration.class).getWebhooks()).extracting(MutatingWebhook::getName)
          .containsExactly("namespace.webhook.crik.io");
    }

    @Test
    void noOptInPathFails() {
      assertThatThrownBy(() -> ChartRenderer.forKubernetes("1.30.0").set("webhook.podOptIn.enabled", false)
          .set("webhook.namespaceOptIn", false).render())
          .hasMessageContaining("no pod could opt in");
    }

    @Test
    void invalidValuesAreRejected() {
      assertThatThrownBy(() -> ChartRenderer.forKubernetes("1.30.0").set("webhook.failurePolicy", "Sometimes").render())
          .hasMessageContaining("failurePolicy");
      assertThatThrownBy(() -> ChartRenderer.forKubernetes("1.30.0").set("webhook.timeoutSeconds", 31).render())
          .hasMessageContaining("timeoutSeconds");
      assertThatThrownBy(() -> ChartRenderer.forKubernetes("1.30.0").set("tls.mode", "manual").render())
          .hasMessageContaining("mode");
      assertThatThrownBy(() -> ChartRenderer.forKubernetes("1.30.0").set("webhok.failurePolicy", "Fail").render())
          .hasMessageContaining("webhok");
    }

    @Test
    void misspelledCapabilitiesAreRejected() {
      assertThatThrownBy(() -> ChartRenderer.forKubernetes("1.30.0").valuesFile("capabilities-misspelled.yaml")
          .render())
          .hasMessageContaining("/checkpoint/capabilities/1");
      assertThatThrownBy(() -> ChartRenderer.forKubernetes("1.30.0").valuesFile("capabilities-cap-prefix.yaml")
          .render())
          .hasMessageContaining("/checkpoint/capabilities/0");
      assertThatThrownBy(() -> ChartRenderer.forKubernetes("1.30.0")
          .valuesFile("runtime-default-capabilities-misspelled.yaml").render())
          .hasMessageContaining("/checkpoint/runtimeDefaultCapabilities/1");
    }

    @Test
    void knownCapabilityNamesAreAccepted() {
      RenderedChart rendered = ChartRenderer.forKubernetes("1.30.0").valuesFile("capabilities-all-known.yaml").render();

      Map<String, Object> webhookConfig = webhookConfig(rendered);
      assertThat(webhookConfig).containsEntry("capabilities",
          List.of("SYS_ADMIN", "NET_ADMIN", "SYS_TIME", "CHECKPOINT_RESTORE"));
    }
  }

  private static MutatingWebhook webhook(RenderedChart chart, String name) {
    return chart.one(MutatingWebhookConfiguration.class).getWebhooks().stream()
        .filter(webhook -> webhook.getName().equals(name)).findFirst().orElseThrow();
  }

  private static LabelSelectorRequirement requirement(MutatingWebhook webhook, String key) {
    return webhook.getNamespaceSelector().getMatchExpressions().stream()
        .filter(requirement -> requirement.getKey().equals(key)).findFirst().orElseThrow();
  }

  private static List<String> conditions(MutatingWebhook webhook) {
    return webhook.getMatchConditions() == null ? List.of()
        : webhook.getMatchConditions().stream().map(MatchCondition::getExpression).toList();
  }

  private static Map<String, String> conditionsByName(MutatingWebhook webhook) {
    Map<String, String> byName = new LinkedHashMap<>();
    if (webhook.getMatchConditions() != null) {
      webhook.getMatchConditions().forEach(condition -> byName.put(condition.getName(), condition.getExpression()));
    }
    return byName;
  }

  private static Volume tlsVolume(RenderedChart chart) {
    return chart.one(Deployment.class).getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(volume -> volume.getName().equals("tls")).findFirst().orElseThrow();
  }

  private static Map<String, Object> applicationYaml(RenderedChart chart) {
    ConfigMap configMap = chart.all(ConfigMap.class).stream()
        .filter(candidate -> candidate.getData().containsKey("application.yaml")).findFirst().orElseThrow();
    return RenderedChart.yaml(configMap.getData().get("application.yaml"));
  }

  private static Map<String, Object> webhookConfig(RenderedChart chart) {
    return map(map(applicationYaml(chart), "crik"), "webhook");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    assertThat(value).as(key).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  /** Collects the dotted property names of a nested map, with list indexes as [N]. */
  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Map<String, Object> map, List<String> keys) {
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      String key = prefix + "." + entry.getKey();
      if (entry.getValue() instanceof Map<?, ?> nested && !nested.isEmpty()) {
        flatten(key, (Map<String, Object>) nested, keys);
      } else {
        keys.add(key);
      }
    }
  }

  /**
   * Checks whether the README's configuration table has the key, one of its parents (map
   * properties), or the key's list elements ({@code key[N].field}).
   */
  private static boolean documented(String key, String readme) {
    return Stream.iterate(key, candidate -> candidate.contains("."),
            candidate -> candidate.substring(0, candidate.lastIndexOf('.')))
        .anyMatch(candidate -> readme.contains("| `" + candidate + "` |") || readme.contains("| `" + candidate + "[N]"));
  }
}
