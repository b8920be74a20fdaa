package dev.vigil.worker.cluster;

import dev.vigil.api.v1alpha1.SecretUsage;
import dev.vigil.api.v1alpha1.spec.NotifySpec;
import dev.vigil.api.v1alpha1.spec.WebhookSpec;
import dev.vigil.worker.notify.SecretConsent;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;

/**
 * The webhook credentials a monitor asks for, checked when its session starts, so that a refused one shows on the
 * monitor (StreamUp=False, SecretNotPermitted) instead of only in the worker's log: each webhook with a secretRef
 * must be https, and its Secret, if it exists, must consent ({@link SecretConsent}). A missing Secret is left to the
 * deliveries, which fail and are counted as before. The values are not read here.
 */
final class WebhookSecrets {

    private WebhookSecrets() {}

    static void check(KubernetesClient client, String namespace, NotifySpec notify)
            throws SourceCredentials.NotPermitted, SourceCredentials.Unavailable {
        if (notify == null || notify.getWebhooks() == null) {
            return;
        }
        int n = 0;
        for (WebhookSpec hook : notify.getWebhooks()) {
            n++;
            if (hook.getSecretRef() == null) {
                continue;
            }
            if (!isHttps(hook.getUrl())) {
                throw new SourceCredentials.NotPermitted(
                        "webhook " + n + " names Secret '" + hook.getSecretRef().getName()
                                + "' but is not https: credentials are never sent in clear text");
            }
            Secret secret;
            try {
                secret = client.secrets()
                        .inNamespace(namespace)
                        .withName(hook.getSecretRef().getName())
                        .get();
            } catch (RuntimeException e) {
                throw new SourceCredentials.Unavailable("cannot read Secret '"
                        + hook.getSecretRef().getName() + "' (" + e.getClass().getSimpleName() + ")");
            }
            if (secret != null && !SecretConsent.permits(secret, SecretUsage.WEBHOOK)) {
                throw new SourceCredentials.NotPermitted(
                        SecretConsent.refusal(hook.getSecretRef().getName(), SecretUsage.WEBHOOK));
            }
        }
    }

    private static boolean isHttps(String url) {
        try {
            return url != null
                    && "https".equalsIgnoreCase(URI.create(url.strip()).getScheme());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
