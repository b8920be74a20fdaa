package dev.vigil.worker.media;

import static dev.vigil.worker.testing.CliRun.vigil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.worker.cli.ExitCodes;
import dev.vigil.worker.testing.CliRun;
import dev.vigil.worker.testing.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Stream facts are reported, and a resolution change mid-stream is an event, not a defect. */
@Timeout(60)
class StreamChangeTest {

    @Test
    void resolutionChangeIsReportedAsAnEvent(@TempDir Path tmp) throws IOException {
        Path first = TestMedia.generate("ts", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
                "-t", "4", "-c:v", "libopenh264", "-b:v", "800k", "-g", "25", "OUT");
        Path second = TestMedia.generate("ts", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25",
                "-t", "4", "-c:v", "libopenh264", "-b:v", "400k", "-g", "25", "-output_ts_offset", "4", "OUT");
        Path joined = tmp.resolve("joined.ts");
        Files.write(joined, Files.readAllBytes(first));
        Files.write(joined, Files.readAllBytes(second), StandardOpenOption.APPEND);

        CliRun run = vigil("analyze", "--detectors", "freeze,black,stall", joined.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).as("facts as the stream ended").contains("video h264 320x240 25.00 fps");
        assertThat(run.out()).contains("resolutionChanged").contains("from 640x360 to 320x240");
        assertThat(run.out()).contains("No defects found.");
    }
}
