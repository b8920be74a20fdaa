package dev.vigil.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vigil.api.v1alpha1.testing.CrdFiles;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The CRD YAML committed under {@code crds/generated/} must be what this build generates (the generator runs
 * in process-classes, before the tests). After a model change, refresh the committed copy with
 * {@code ./mvnw -B -pl crds -am verify -Dvigil.updateCrds=true} and commit it.
 */
class CrdsInSyncTest {

    static final String HOW_TO_UPDATE =
            "run `./mvnw -B -pl crds -am verify -Dvigil.updateCrds=true` and commit crds/generated/";

    static final List<Class<? extends CustomResource<?, ?>>> KINDS = CrdFiles.KINDS;

    @ParameterizedTest
    @FieldSource("KINDS")
    void committedCrdIsTheGeneratedOne(Class<? extends CustomResource<?, ?>> kind) throws IOException {
        String name = CrdFiles.fileName(kind);
        Path generated = CrdFiles.generatedDir().resolve(name);
        assertThat(generated)
                .as("the CRD generator (process-classes) should have written %s", generated)
                .exists();
        String expected = CrdFiles.committedText(Files.readString(generated), kind);

        Path committed = CrdFiles.committedDir().resolve(name);
        if (Boolean.getBoolean("vigil.updateCrds")) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, expected);
            return;
        }
        if (!Files.exists(committed)) {
            fail(committed + " is missing: " + HOW_TO_UPDATE);
        }
        String actual = Files.readString(committed);
        if (!actual.equals(expected)) {
            fail(committed + " differs from the CRD generated from the Java model (" + firstDifference(actual, expected)
                    + "): " + HOW_TO_UPDATE);
        }
    }

    @Test
    void noStaleCommittedCrds() throws IOException {
        List<String> expected = KINDS.stream().map(CrdFiles::fileName).sorted().toList();
        try (Stream<Path> files = Files.list(CrdFiles.committedDir())) {
            assertThat(files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".yml"))
                            .sorted())
                    .as("CRD files in %s; remove those of kinds that no longer exist", CrdFiles.committedDir())
                    .containsExactlyElementsOf(expected);
        }
    }

    /** Guards the post-processing: parsing and writing a generated file must give it back unchanged. */
    @ParameterizedTest
    @FieldSource("KINDS")
    void writingReproducesTheGeneratorsFormat(Class<? extends CustomResource<?, ?>> kind) throws IOException {
        String generated = Files.readString(CrdFiles.generatedDir().resolve(CrdFiles.fileName(kind)));
        assertThat(CrdFiles.write(CrdFiles.parse(generated))).isEqualTo(generated);
    }

    private static String firstDifference(String actual, String expected) {
        String[] a = actual.split("\n", -1);
        String[] e = expected.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, e.length); i++) {
            String al = i < a.length ? a[i] : "<end of file>";
            String el = i < e.length ? e[i] : "<end of file>";
            if (!al.equals(el)) {
                return "first difference at line " + (i + 1) + ": committed `" + al.strip() + "`, generated `"
                        + el.strip() + "`";
            }
        }
        return "line endings differ";
    }
}
