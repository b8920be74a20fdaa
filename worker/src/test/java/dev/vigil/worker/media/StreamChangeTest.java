package dev.vigil.worker.media;

import static dev.vigil.worker.testing.CliRun.vigil;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.worker.cli.ExitCodes;
import dev.vigil.worker.testing.CliRun;
import dev.vigil.worker.testing.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Stream facts are reported, and a resolution change mid-stream is an event, not a defect. */
@Timeout(60)
class StreamChangeTest {

    @Test
    void resolutionChangeIsReportedAsAnEvent(@TempDir Path tmp) throws IOException {
        Path first = TestMedia.generate(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25",
                "-t",
                "4",
                "-c:v",
                "libopenh264",
                "-b:v",
                "800k",
                "-g",
                "25",
                "OUT");
        Path second = TestMedia.generate(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25",
                "-t",
                "4",
                "-c:v",
                "libopenh264",
                "-b:v",
                "400k",
                "-g",
                "25",
                "-output_ts_offset",
                "4",
                "OUT");
        Path joined = tmp.resolve("joined.ts");
        Files.write(joined, Files.readAllBytes(first));
        Files.write(joined, Files.readAllBytes(second), StandardOpenOption.APPEND);

        CliRun run = vigil("analyze", "--detectors", "freeze,black,stall", joined.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).as("facts as the stream ended").contains("video h264 320x240 25.00 fps");
        assertThat(run.out()).contains("resolutionChanged").contains("from 640x360 to 320x240");
        assertThat(run.out()).contains("No defects found.");

        // the same as JSON lines: the stream's facts first, then the change, and no defect lines
        CliRun jsonl = vigil("analyze", "--format", "jsonl", "--detectors", "freeze,black,stall", joined.toString());
        assertThat(jsonl.exitCode()).as(jsonl.toString()).isEqualTo(ExitCodes.OK);
        assertThat(jsonl.defects()).as(jsonl.toString()).isEmpty();
        List<JsonNode> events = jsonl.events();
        assertThat(events)
                .extracting(e -> e.get("event").asText())
                .containsExactly("stream_start", "resolution_change");
        JsonNode start = events.get(0);
        assertThat(start.get("atSec").asDouble()).isZero();
        assertThat(start.at("/detail/container").asText()).isEqualTo("mpegts");
        assertThat(start.at("/detail/videoCodec").asText()).isEqualTo("h264");
        assertThat(start.at("/detail/width").asInt()).isEqualTo(640);
        assertThat(start.at("/detail/frameRate").asDouble()).isEqualTo(25.0);
        JsonNode change = events.get(1);
        assertThat(change.get("atSec").asDouble()).isBetween(3.5, 4.5);
        assertThat(change.at("/detail/from").asText()).isEqualTo("640x360");
        assertThat(change.at("/detail/to").asText()).isEqualTo("320x240");
        assertThat(change.get("message").asText()).contains("from 640x360 to 320x240");
    }

    @Test
    void jsonLinesKeepDefectLinesAsTheyWereAndAddTheStreamStart() {
        Path clip = TestMedia.generate(
                "mkv",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25,drawbox=color=black:t=fill:enable='between(t,1,3.98)'",
                "-t",
                "5",
                "-c:v",
                "libopenh264",
                "-b:v",
                "400k",
                "OUT");
        CliRun run = vigil("analyze", "--format", "jsonl", "--detectors", "black", clip.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.lines()).extracting(l -> l.get("type").asText()).containsExactly("event", "black");
        JsonNode black = run.defects("black").get(0);
        assertThat(black.fieldNames()).toIterable().containsExactly("type", "startSec", "endSec", "severity", "detail");
        assertThat(black.get("severity").asText()).isEqualTo("major");
    }
}
