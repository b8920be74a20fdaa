package dev.vigil.operator.pool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.v1alpha1.WorkerPool;
import dev.vigil.api.v1alpha1.spec.EvidenceSpec;
import dev.vigil.operator.placement.TestResources;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A WorkerPool's evidence settings in its worker pod template: the settings as JSON, the credentials by reference. */
class PoolEvidenceTest {

    @Test
    void settingsTravelAsJsonAndCredentialsByOptionalSecretReference() throws Exception {
        WorkerPool pool = TestResources.pool("ns", "video", 4, 1, 3, "black");
        EvidenceSpec e = new EvidenceSpec();
        e.setBucket("vigil-evidence");
        e.setEndpoint("http://minio.storage:9000");
        e.setForcePathStyle(true);
        e.setCredentialsSecret("s3-creds");
        e.setPresignExpirySec(3600);
        pool.getSpec().setEvidence(e);

        List<EnvVar> env = PoolResources.statefulSet(pool, 1, "img", 15)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv();

        EnvVar settings = env.stream()
                .filter(v -> v.getName().equals(EvidenceSpec.WORKER_ENV))
                .findFirst()
                .orElseThrow();
        EvidenceSpec read = new ObjectMapper().readValue(settings.getValue(), EvidenceSpec.class);
        assertThat(read.getBucket()).isEqualTo("vigil-evidence");
        assertThat(read.getEndpoint()).isEqualTo("http://minio.storage:9000");
        assertThat(read.getPresignExpirySec()).isEqualTo(3600);
        assertThat(read.getCredentialsSecret())
                .as("the Secret's name is not the worker's business")
                .isNull();
        assertThat(env)
                .filteredOn(v -> v.getName().startsWith("AWS_"))
                .extracting(EnvVar::getName)
                .containsExactly("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
        assertThat(env).filteredOn(v -> v.getName().startsWith("AWS_")).allSatisfy(v -> {
            assertThat(v.getValue()).as("never a literal credential").isNull();
            assertThat(v.getValueFrom().getSecretKeyRef().getName()).isEqualTo("s3-creds");
            assertThat(v.getValueFrom().getSecretKeyRef().getOptional())
                    .as("a missing Secret must not stop the pods")
                    .isTrue();
        });
        assertThat(env)
                .filteredOn(v -> v.getName().equals("AWS_SECRET_ACCESS_KEY"))
                .singleElement()
                .satisfies(v ->
                        assertThat(v.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("secretAccessKey"));
    }

    @Test
    void aPoolWithoutEvidenceGetsNoEvidenceEnvironment() {
        WorkerPool pool = TestResources.pool("ns", "video", 4, 1, 3, "black");
        List<EnvVar> env = PoolResources.statefulSet(pool, 1, "img", 15)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv();
        assertThat(env).extracting(EnvVar::getName).doesNotContain(EvidenceSpec.WORKER_ENV, "AWS_ACCESS_KEY_ID");
    }

    @Test
    void withoutASecretTheDefaultCredentialChainIsLeftAlone() {
        WorkerPool pool = TestResources.pool("ns", "video", 4, 1, 3, "black");
        EvidenceSpec e = new EvidenceSpec();
        e.setBucket("vigil-evidence");
        pool.getSpec().setEvidence(e);
        List<EnvVar> env = PoolEvidence.env(pool.getSpec());
        assertThat(env).extracting(EnvVar::getName).containsExactly(EvidenceSpec.WORKER_ENV);
    }
}
