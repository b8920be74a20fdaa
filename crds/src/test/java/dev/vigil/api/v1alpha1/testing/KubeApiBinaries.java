package dev.vigil.api.v1alpha1.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where the real etcd and kube-apiserver binaries of the API-server tests and benchmarks live: fabric8
 * kube-api-test's layout under {@code KUBE_API_TEST_DIR}, defaulting to where {@code hack/kube-testenv.sh} builds
 * them. One place, so that every module's tests start the same server version from the same folder.
 */
public final class KubeApiBinaries {

    /** The Kubernetes version hack/kube-testenv.sh builds. */
    public static final String VERSION = "1.34.4";

    private KubeApiBinaries() {}

    /** {@code KUBE_API_TEST_DIR} as kube-api-test reads it, defaulting to {@code ~/.cache/vigil/kube-api-test}. */
    public static String testDir() {
        String env = System.getenv("KUBE_API_TEST_DIR");
        return env != null && !env.isBlank()
                ? env
                : Path.of(System.getProperty("user.home"), ".cache", "vigil", "kube-api-test")
                        .toString();
    }

    /** The folder kube-api-test takes the binaries of {@link #VERSION} from. */
    public static Path binDir() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return Path.of(
                testDir(),
                "k8s",
                VERSION + "-linux-" + (arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64"));
    }

    /**
     * Why the server cannot start here (etcd, kube-apiserver or kubectl not built), or null when it can. Where
     * {@code VIGIL_REQUIRE_KUBE_API=true} (CI sets it) a missing binary is a failure, not a reason to skip:
     * this throws an {@link AssertionError} instead of answering.
     */
    public static String unavailable() {
        List<String> missing = List.of("etcd", "kube-apiserver", "kubectl").stream()
                .filter(b -> !Files.isExecutable(binDir().resolve(b)))
                .toList();
        if (missing.isEmpty()) {
            return null;
        }
        String message = "API server binaries missing in " + binDir() + " (" + String.join(", ", missing)
                + "): run hack/kube-testenv.sh to build them (KUBE_API_TEST_DIR=" + testDir() + ")";
        if ("true".equalsIgnoreCase(System.getenv("VIGIL_REQUIRE_KUBE_API"))) {
            throw new AssertionError(message + "; VIGIL_REQUIRE_KUBE_API=true requires them");
        }
        return message;
    }
}
