package dev.vigil.operator.pool;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/**
 * How a worker pod is confined. A worker parses untrusted media with native code (FFmpeg), so the pod meets the
 * Pod Security Standards' {@code restricted} profile: a fixed non-root user (the image's, 185), no privilege
 * escalation, every capability dropped, the runtime's default seccomp profile, and a read-only root file system.
 * The one writable place is an emptyDir at {@code /tmp}: the JVM's temporary files and JavaCPP's cache of
 * unpacked native libraries ({@code -Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp} in the image).
 */
final class WorkerPodSecurity {

    /** The worker image's user (Dockerfile {@code USER 185}). */
    static final long UID = 185L;

    static final String TMP_VOLUME = "tmp";
    static final String TMP_PATH = "/tmp";
    /** FFmpeg's and ONNX Runtime's natives (about 150 MB unpacked) and JVM temporaries, with room to spare. */
    static final String TMP_SIZE = "1Gi";

    private WorkerPodSecurity() {}

    static PodSecurityContext pod() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(UID)
                .withRunAsGroup(UID)
                .withFsGroup(UID)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build();
    }

    static SecurityContext container() {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withPrivileged(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .build();
    }

    static Volume tmpVolume() {
        return new VolumeBuilder()
                .withName(TMP_VOLUME)
                .withNewEmptyDir()
                .withSizeLimit(new Quantity(TMP_SIZE))
                .endEmptyDir()
                .build();
    }

    static VolumeMount tmpMount() {
        return new VolumeMountBuilder()
                .withName(TMP_VOLUME)
                .withMountPath(TMP_PATH)
                .build();
    }
}
