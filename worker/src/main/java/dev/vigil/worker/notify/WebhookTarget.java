package dev.vigil.worker.notify;

import dev.vigil.api.v1alpha1.spec.SecretKeyRef;
import dev.vigil.api.v1alpha1.spec.WebhookSpec;
import java.net.URI;
import java.util.Objects;

/**
 * One webhook endpoint of a monitor.
 *
 * @param secretRef the Secret entry sent as the {@code Authorization} header, or null
 */
public record WebhookTarget(URI url, SecretKeyRef secretRef) {

    public WebhookTarget {
        Objects.requireNonNull(url, "url");
    }

    public static WebhookTarget of(WebhookSpec spec) {
        return new WebhookTarget(URI.create(spec.getUrl().strip()), spec.getSecretRef());
    }

    /** Credentials (the secretRef's Authorization header) go over https only; a webhook without them may use http. */
    public boolean credentialsAllowed() {
        return secretRef == null || "https".equalsIgnoreCase(url.getScheme());
    }

    /**
     * How logs name the endpoint: scheme, host and port only. The path and query of many webhook URLs are
     * themselves the secret (chat integrations), so they are never printed.
     */
    public String safeName() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
}
