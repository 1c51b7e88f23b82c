package io.crik.certs;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Subject alternative names of a serving certificate: DNS names and IP addresses. The first DNS
 * name also becomes the subject's common name.
 */
public record ServingCertificateRequest(List<String> dnsNames, List<InetAddress> ipAddresses) {

  /** Cluster domain of most Kubernetes clusters; used when none is given. */
  public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

  public ServingCertificateRequest {
    dnsNames = List.copyOf(new LinkedHashSet<>(dnsNames));
    ipAddresses = List.copyOf(new LinkedHashSet<>(ipAddresses));
    if (dnsNames.isEmpty()) {
      throw new IllegalArgumentException("a serving certificate needs at least one DNS name");
    }
    dnsNames.forEach(ServingCertificateRequest::checkDnsName);
  }

  /**
   * Creates the request for a Kubernetes Service, with the four names a client in the cluster can
   * use: {@code svc}, {@code svc.ns}, {@code svc.ns.svc} and {@code svc.ns.svc.<clusterDomain>}.
   */
  public static ServingCertificateRequest forService(
      String service, String namespace, String clusterDomain) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(clusterDomain, "clusterDomain");
    return new ServingCertificateRequest(
        List.of(
            service,
            service + "." + namespace,
            service + "." + namespace + ".svc",
            service + "." + namespace + ".svc." + clusterDomain),
        List.of());
  }

  public static ServingCertificateRequest forService(String service, String namespace) {
    return forService(service, namespace, DEFAULT_CLUSTER_DOMAIN);
  }

  /** Returns a copy with the given DNS names appended. */
  public ServingCertificateRequest withDnsNames(String... extraNames) {
    List<String> names = new ArrayList<>(dnsNames);
    names.addAll(List.of(extraNames));
    return new ServingCertificateRequest(names, ipAddresses);
  }

  /** Returns a copy with the given IP addresses appended. */
  public ServingCertificateRequest withIpAddresses(InetAddress... extraAddresses) {
    List<InetAddress> addresses = new ArrayList<>(ipAddresses);
    addresses.addAll(List.of(extraAddresses));
    return new ServingCertificateRequest(dnsNames, addresses);
  }

  public String commonName() {
    return dnsNames.get(0);
  }

  public Set<String> allNames() {
    Set<String> names = new LinkedHashSet<>(dnsNames);
    ipAddresses.forEach(address -> names.add(address.getHostAddress()));
    return names;
  }

  private static void checkDnsName(String name) {
    if (name == null || name.isEmpty() || name.length() > 253
        || !name.matches("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*")) {
      throw new IllegalArgumentException(
          "invalid DNS name \"" + name + "\": use lower-case letters, digits, '-' and '.', "
              + "at most 63 characters per label and 253 in all");
    }
  }
}
