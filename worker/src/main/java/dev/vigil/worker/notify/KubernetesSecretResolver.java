package dev.vigil.worker.notify;

import dev.vigil.api.v1alpha1.SecretUsage;
import dev.vigil.api.v1alpha1.spec.SecretKeyRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads Secret entries from the API server (the worker's Role needs {@code get} on secrets in its namespace),
 * caching each for a short time: a retried or repeated delivery does not cost a read, and a rotated token is
 * picked up within {@code ttl}. Only Secrets labelled {@code vigil.dev/usage: webhook} are used
 * ({@link SecretConsent}); any other is refused, its value never leaves this class.
 */
public final class KubernetesSecretResolver implements SecretResolver {

    /** {@code refusal} is set (and {@code value} empty) when the Secret does not consent. */
    private record Cached(Optional<String> value, String refusal, Instant until) {}

    private final KubernetesClient client;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public KubernetesSecretResolver(KubernetesClient client) {
        this(client, Duration.ofSeconds(30), Clock.systemUTC());
    }

    public KubernetesSecretResolver(KubernetesClient client, Duration ttl, Clock clock) {
        this.client = client;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Optional<String> resolve(String namespace, SecretKeyRef ref) {
        String key = namespace + "/" + ref.getName() + "/" + ref.getKey();
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached == null || now.isAfter(cached.until())) {
            cached = read(namespace, ref, now.plus(ttl));
            cache.put(key, cached);
        }
        if (cached.refusal() != null) {
            throw new SecretNotPermittedException(cached.refusal());
        }
        return cached.value();
    }

    private Cached read(String namespace, SecretKeyRef ref, Instant until) {
        Secret secret =
                client.secrets().inNamespace(namespace).withName(ref.getName()).get();
        if (secret == null) {
            return new Cached(Optional.empty(), null, until);
        }
        if (!SecretConsent.permits(secret, SecretUsage.WEBHOOK)) {
            return new Cached(Optional.empty(), SecretConsent.refusal(ref.getName(), SecretUsage.WEBHOOK), until);
        }
        if (secret.getData() != null && secret.getData().get(ref.getKey()) != null) {
            return new Cached(
                    Optional.of(new String(
                            Base64.getDecoder().decode(secret.getData().get(ref.getKey())), StandardCharsets.UTF_8)),
                    null,
                    until);
        }
        return new Cached(
                secret.getStringData() == null
                        ? Optional.empty()
                        : Optional.ofNullable(secret.getStringData().get(ref.getKey())),
                null,
                until);
    }
}
