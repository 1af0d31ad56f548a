package dev.knobs.functions.cluster;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The controls of the Kubernetes Pod Security Standards' <em>restricted</em> profile (which
 * includes <em>baseline</em>), as the pod-security admission checks a pod: what would make a
 * namespace labelled {@code pod-security.kubernetes.io/enforce: restricted} refuse it. Checked here
 * on the pod templates Knobs makes, since no API server runs in the tests.
 */
final class RestrictedPodSecurity {
    private static final Set<String> VOLUME_TYPES =
            Set.of(
                    "configMap",
                    "csi",
                    "downwardAPI",
                    "emptyDir",
                    "ephemeral",
                    "persistentVolumeClaim",
                    "projected",
                    "secret");

    private RestrictedPodSecurity() {}

    /** Every control the pod breaks, each as a sentence; empty when it passes. */
    static List<String> violations(PodSpec pod) {
        List<String> out = new ArrayList<>();
        PodSecurityContext ps = pod.getSecurityContext();
        if (Boolean.TRUE.equals(pod.getHostNetwork())
                || Boolean.TRUE.equals(pod.getHostPID())
                || Boolean.TRUE.equals(pod.getHostIPC())) {
            out.add("host namespaces");
        }
        for (Volume v : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
            String type = volumeType(v);
            if (!VOLUME_TYPES.contains(type)) {
                out.add("volume " + v.getName() + " of type " + type);
            }
        }
        if (ps != null && ps.getSysctls() != null && !ps.getSysctls().isEmpty()) {
            out.add("sysctls");
        }
        if (ps != null && ps.getRunAsUser() != null && ps.getRunAsUser() == 0) {
            out.add("pod runAsUser 0");
        }
        boolean podNonRoot = ps != null && Boolean.TRUE.equals(ps.getRunAsNonRoot());
        boolean podSeccomp = ps != null && allowedSeccomp(ps.getSeccompProfile());
        if (ps != null && ps.getSeccompProfile() != null && !podSeccomp) {
            out.add("pod seccompProfile " + ps.getSeccompProfile().getType());
        }
        List<Container> containers =
                Stream.of(pod.getInitContainers(), pod.getContainers())
                        .filter(l -> l != null)
                        .flatMap(List::stream)
                        .toList();
        for (Container c : containers) {
            String name = "container " + c.getName() + ": ";
            SecurityContext sc = c.getSecurityContext();
            if (sc == null) {
                out.add(name + "no securityContext");
                continue;
            }
            if (Boolean.TRUE.equals(sc.getPrivileged())) {
                out.add(name + "privileged");
            }
            if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                out.add(name + "allowPrivilegeEscalation is not false");
            }
            if (!(podNonRoot || Boolean.TRUE.equals(sc.getRunAsNonRoot()))
                    || Boolean.FALSE.equals(sc.getRunAsNonRoot())) {
                out.add(name + "runAsNonRoot is not true");
            }
            if (sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
                out.add(name + "runAsUser 0");
            }
            if (sc.getSeccompProfile() != null
                    ? !allowedSeccomp(sc.getSeccompProfile())
                    : !podSeccomp) {
                out.add(name + "seccompProfile is not RuntimeDefault or Localhost");
            }
            Capabilities caps = sc.getCapabilities();
            if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
                out.add(name + "capabilities do not drop ALL");
            }
            if (caps != null
                    && caps.getAdd() != null
                    && !caps.getAdd().stream().allMatch("NET_BIND_SERVICE"::equals)) {
                out.add(name + "adds capabilities " + caps.getAdd());
            }
            if (sc.getProcMount() != null && !"Default".equals(sc.getProcMount())) {
                out.add(name + "procMount " + sc.getProcMount());
            }
            for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() != 0) {
                    out.add(name + "hostPort " + p.getHostPort());
                }
            }
        }
        return out;
    }

    private static boolean allowedSeccomp(SeccompProfile p) {
        return p != null
                && ("RuntimeDefault".equals(p.getType()) || "Localhost".equals(p.getType()));
    }

    private static String volumeType(Volume v) {
        if (v.getConfigMap() != null) return "configMap";
        if (v.getCsi() != null) return "csi";
        if (v.getDownwardAPI() != null) return "downwardAPI";
        if (v.getEmptyDir() != null) return "emptyDir";
        if (v.getEphemeral() != null) return "ephemeral";
        if (v.getPersistentVolumeClaim() != null) return "persistentVolumeClaim";
        if (v.getProjected() != null) return "projected";
        if (v.getSecret() != null) return "secret";
        if (v.getHostPath() != null) return "hostPath";
        return "another";
    }
}
