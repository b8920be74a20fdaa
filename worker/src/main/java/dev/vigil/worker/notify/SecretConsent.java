package dev.vigil.worker.notify;

import dev.vigil.api.v1alpha1.SecretUsage;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;

/**
 * A Secret is usable by monitors only if it says so: the label {@code vigil.dev/usage} with the use as value
 * ({@link SecretUsage}). The worker may read Secrets of its namespace by name, and anyone who may edit a monitor
 * names the Secret; without the Secret's own consent that would make monitor edit rights into Secret read rights.
 */
public final class SecretConsent {

    private SecretConsent() {}

    /** Whether {@code secret} consents to {@code usage} ({@link SecretUsage#SOURCE} or {@link SecretUsage#WEBHOOK}). */
    public static boolean permits(Secret secret, String usage) {
        Map<String, String> labels =
                secret.getMetadata() == null ? null : secret.getMetadata().getLabels();
        return labels != null && usage.equals(labels.get(SecretUsage.LABEL));
    }

    /** Why a Secret may not be used: names the Secret and the label it lacks, never a value. */
    public static String refusal(String secretName, String usage) {
        return "Secret '" + secretName + "' is not labelled " + SecretUsage.LABEL + "=" + usage
                + ", so monitors may not use it for their " + usage;
    }
}
