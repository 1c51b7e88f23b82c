package io.crik.node;

/** The /etc/hosts file that the kubelet writes for a pod on the pod network. */
public final class EtcHosts {

    private EtcHosts() {
    }

    public static String content(String podIp, String hostname) {
        return "# Kubernetes-managed hosts file.\n"
                + "127.0.0.1\tlocalhost\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n"
                + "fe00::0\tip6-localnet\n"
                + "fe00::0\tip6-mcastprefix\n"
                + "fe00::1\tip6-allnodes\n"
                + "fe00::2\tip6-allrouters\n"
                + podIp + "\t" + hostname + "\n";
    }
}
