package dev.vigil.operator.pool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.v1alpha1.spec.EvidenceSpec;
import dev.vigil.api.v1alpha1.spec.WorkerPoolSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * How a WorkerPool's {@code spec.evidence} reaches its workers. Pure.
 *
 * <ul>
 *   <li>The settings travel as JSON in {@link EvidenceSpec#WORKER_ENV}, without the Secret's name.</li>
 *   <li>The credentials never pass through the operator or the pod spec: the pod's {@code AWS_ACCESS_KEY_ID},
 *       {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN} come from the pool's Secret by
 *       {@code secretKeyRef}, which the AWS SDK's default chain reads. The references are optional: a missing
 *       Secret must not keep the pool's pods from starting; the workers then monitor as usual and count the
 *       evidence they cannot store as lost.</li>
 * </ul>
 */
public final class PoolEvidence {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PoolEvidence() {}

    /** The worker container's environment for the pool's evidence; empty when the pool keeps none. */
    public static List<EnvVar> env(WorkerPoolSpec spec) {
        EvidenceSpec e = spec.getEvidence();
        List<EnvVar> env = new ArrayList<>();
        if (e == null) {
            return env;
        }
        EvidenceSpec settings = JSON.convertValue(e, EvidenceSpec.class);
        settings.setCredentialsSecret(null);
        try {
            env.add(new EnvVar(EvidenceSpec.WORKER_ENV, JSON.writeValueAsString(settings), null));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        if (e.getCredentialsSecret() != null) {
            env.add(fromSecret("AWS_ACCESS_KEY_ID", e.getCredentialsSecret(), EvidenceSpec.ACCESS_KEY_ID));
            env.add(fromSecret("AWS_SECRET_ACCESS_KEY", e.getCredentialsSecret(), EvidenceSpec.SECRET_ACCESS_KEY));
            env.add(fromSecret("AWS_SESSION_TOKEN", e.getCredentialsSecret(), EvidenceSpec.SESSION_TOKEN));
        }
        return env;
    }

    private static EnvVar fromSecret(String name, String secret, String key) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                .withNewSecretKeyRef()
                .withName(secret)
                .withKey(key)
                .withOptional(true)
                .endSecretKeyRef()
                .endValueFrom()
                .build();
    }
}
