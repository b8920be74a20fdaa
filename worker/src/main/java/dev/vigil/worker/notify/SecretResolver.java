package dev.vigil.worker.notify;

import dev.vigil.api.v1alpha1.spec.SecretKeyRef;
import java.util.Optional;

/**
 * Looks up one Secret entry in a monitor's namespace. Pluggable so that webhook delivery can be tested without
 * a cluster; {@link KubernetesSecretResolver} reads the API server. Values must never be logged.
 */
@FunctionalInterface
public interface SecretResolver {

    /**
     * The entry's value, or empty when the Secret or its key does not exist.
     *
     * @throws SecretNotPermittedException when the Secret does not consent to webhook use ({@link SecretConsent})
     */
    Optional<String> resolve(String namespace, SecretKeyRef ref);
}
