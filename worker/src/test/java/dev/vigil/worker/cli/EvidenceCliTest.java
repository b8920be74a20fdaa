package dev.vigil.worker.cli;

import static dev.vigil.worker.testing.CliRun.vigil;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.worker.testing.CliRun;
import dev.vigil.worker.testing.DecodedClip;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil analyze --evidence DIR}: the files of each defect, named in the text report and the JSON lines. */
@Timeout(120)
class EvidenceCliTest {

    static final Path DEMO = Path.of("..", "examples", "media", "demo-defects.ts");

    @Test
    void jsonLinesNameTheFilesOfEachDefect(@TempDir Path dir) throws Exception {
        Path evidence = dir.resolve("evidence");
        CliRun run = vigil(
                "analyze",
                "--format",
                "jsonl",
                "--detectors",
                "freeze,black",
                "--evidence",
                evidence.toString(),
                DEMO.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.defects()).hasSize(2);
        for (JsonNode d : run.defects()) {
            Path jpg = Path.of(d.at("/evidence/thumbnail").asText());
            Path ts = Path.of(d.at("/evidence/clip").asText());
            assertThat(jpg.getFileName().toString())
                    .endsWith("-" + d.get("type").asText() + ".jpg");
            assertThat(ImageIO.read(jpg.toFile())).as("a JPEG at " + jpg).isNotNull();
            assertThat(DecodedClip.of(ts).frames()).as("a clip that plays").hasSizeGreaterThan(100);
        }
        try (var files = Files.list(evidence)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder(
                            "00004.04s-freeze.jpg", "00004.04s-freeze.ts", "00010.00s-black.jpg", "00010.00s-black.ts");
        }
    }

    @Test
    void theTextReportListsTheEvidence(@TempDir Path dir) {
        CliRun run = vigil("analyze", "--detectors", "black", "--evidence", dir.toString(), DEMO.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out())
                .contains("Evidence (" + dir + ")")
                .containsPattern("black\\s+10\\.00\\s+\\S+00010\\.00s-black\\.jpg\\s+\\S+00010\\.00s-black\\.ts");
    }

    @Test
    void anEvidenceDirectoryThatCannotBeMadeIsABadArgument(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        CliRun run = vigil("analyze", "--evidence", file.resolve("sub").toString(), DEMO.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("cannot create the evidence directory");
    }

    @Test
    void withoutEvidenceTheOutputIsAsBefore() {
        CliRun run = vigil("analyze", "--format", "jsonl", "--detectors", "black", DEMO.toString());
        assertThat(run.defects())
                .singleElement()
                .satisfies(d -> assertThat(d.has("evidence")).isFalse());
    }
}
