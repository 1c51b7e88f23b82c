package io.crik.webhook.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Creates the fabric8 client from the pod's service account or the kubeconfig, when there is a
 * cluster to talk to. An application that defines its own client (tests do) keeps it.
 */
@AutoConfiguration
public class KubernetesClientAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @Conditional(ClusterConfiguredCondition.class)
  KubernetesClient kubernetesClient() {
    return new KubernetesClientBuilder().build();
  }
}
