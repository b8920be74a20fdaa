package dev.vigil.worker.media;

import static dev.vigil.worker.testing.CliRun.vigil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.worker.cli.ExitCodes;
import dev.vigil.worker.testing.CliRun;
import dev.vigil.worker.testing.TestMedia;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Media that looks like playout, made with the bundled FFmpeg and analysed end to end: a channel's live graphics
 * over the programme, grain added downstream, logos over black, short cuts and fades, audio clipped before a lossy
 * encoder, loud masters, pixel art and upscaled graphics.
 */
@Timeout(120)
class ChannelRealismTest {

    private static final double TOLERANCE = 0.5;

    /** A ticker, a clock and an animated bug over {@code [prog]}, ending in {@code [v]} (640×360). */
    private static final String LIVE_GRAPHICS = "testsrc=size=1280x28:rate=25,crop=640:28:x='mod(t*100,640)':y=0[tick];"
            + "testsrc=size=64x24:rate=1,fps=25[clock];testsrc2=size=44x44:rate=25[bug];"
            + "[prog][tick]overlay=0:322[p1];[p1][clock]overlay=544:15[p2];[p2][bug]overlay=26:15";

    private static CliRun analyze(Path clip, String detectors) {
        CliRun run = vigil("analyze", "--format", "jsonl", "--detectors", detectors, clip.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        return run;
    }

    private static JsonNode only(CliRun run, String type, double start, double end) {
        List<JsonNode> found = run.defects(type);
        assertThat(found).as(run.toString()).hasSize(1);
        JsonNode d = found.get(0);
        assertThat(d.get("startSec").asDouble()).as(run.toString()).isCloseTo(start, within(TOLERANCE));
        assertThat(d.get("endSec").asDouble()).as(run.toString()).isCloseTo(end, within(TOLERANCE));
        return d;
    }

    @Test
    void frozenProgrammeUnderLiveGraphicsAndFreshGrainIsAFreeze() {
        // the programme freezes 3-7 s; the ticker, clock and bug go on, and grain is added after them all
        Path clip = TestMedia.generate(
                "ts",
                "-filter_complex",
                "testsrc2=size=640x360:rate=25,split[a][b];[a][b]freezeframes=first=75:last=174:replace=74[prog];"
                        + LIVE_GRAPHICS + ",format=yuv420p,noise=alls=5:allf=t[v]",
                "-map",
                "[v]",
                "-t",
                "10",
                "-c:v",
                "libopenh264",
                "-b:v",
                "2500k",
                "OUT");
        JsonNode freeze = only(analyze(clip, "freeze,black"), "freeze", 3.0, 7.0);
        assertThat(freeze.get("severity").asText()).isEqualTo("major");
        assertThat(freeze.at("/detail/frozenArea").asDouble()).isBetween(0.8, 0.995);
    }

    @Test
    void newsLayoutWithAMovingPresenterIsNotAFreeze() {
        // a still studio background, a presenter moving in the middle, live graphics
        Path clip = TestMedia.generate(
                "ts",
                "-filter_complex",
                "smptehdbars=size=640x360:rate=25,format=yuv420p,gblur=sigma=2,trim=end_frame=1,loop=loop=-1:size=1,"
                        + "setpts=N/25/TB[bg];testsrc2=size=120x160:rate=25[presenter];"
                        + "[bg][presenter]overlay=x='260+6*sin(2*PI*t*0.4)':y=80[prog];" + LIVE_GRAPHICS
                        + ",format=yuv420p[v]",
                "-map",
                "[v]",
                "-t",
                "10",
                "-c:v",
                "libopenh264",
                "-b:v",
                "2500k",
                "OUT");
        assertThat(analyze(clip, "freeze,black").defects()).isEmpty();
    }

    @Test
    void blackUnderAChannelLogoIsBlackWithTheLogoInItsDetail() {
        Path clip = TestMedia.generate(
                "ts",
                "-filter_complex",
                "testsrc2=size=640x360:rate=25,drawbox=color=black:t=fill:enable='between(t,2,5.98)'[prog];"
                        + "smptebars=size=64x36:rate=25[logo];[prog][logo]overlay=x=544:y=18,format=yuv420p[v]",
                "-map",
                "[v]",
                "-t",
                "8",
                "-c:v",
                "libopenh264",
                "-b:v",
                "1500k",
                "OUT");
        JsonNode black = only(analyze(clip, "freeze,black"), "black", 2.0, 6.0);
        assertThat(black.get("severity").asText()).isEqualTo("major");
        assertThat(black.at("/detail/overlay").asBoolean()).isTrue();
        assertThat(black.at("/detail/overlayArea").asDouble()).isBetween(0.005, 0.05);
    }

    @Test
    void shortCutToBlackIsMinorAndAFadeThroughBlackIsNothing() {
        // 1.2 s of black at 2 s; at 6 s a fade out (0.5 s), 0.2 s of black and a fade in (0.5 s)
        Path clip = TestMedia.generate(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=640x360:rate=25,drawbox=color=black:t=fill:enable='between(t,2,3.18)',"
                        + "fade=t=out:st=6:d=0.5:enable='between(t,6,6.7)',fade=t=in:st=6.7:d=0.5:enable='between(t,6.7,7.2)'",
                "-t",
                "9",
                "-c:v",
                "libopenh264",
                "-b:v",
                "1500k",
                "OUT");
        JsonNode black = only(analyze(clip, "freeze,black"), "black", 2.0, 3.2);
        assertThat(black.get("severity").asText()).isEqualTo("minor");
    }

    /** Music-like audio (tones, vibrato, drum-like bursts) peaking near -6 dBFS, 6 s. */
    private static final String MUSIC = "aevalsrc='0.2*sin(2*PI*110*t)*(0.6+0.4*sin(2*PI*0.3*t))"
            + "+0.12*sin(2*PI*330*t+2*sin(2*PI*4*t))+0.14*(2*random(0)-1)*exp(-18*mod(t*2,1))"
            + "|0.2*sin(2*PI*110*t)*(0.6+0.4*sin(2*PI*0.5*t))+0.12*sin(2*PI*495*t+2*sin(2*PI*5*t))"
            + "+0.14*(2*random(1)-1)*exp(-18*mod(t*2+0.5,1))':s=48000";

    @ParameterizedTest
    @ValueSource(strings = {"aac", "ac3", "eac3", "mp2", "libopus", "pcm_s16le"})
    void audioClippedBeforeTheEncoderIsClipping(String codec) {
        // driven 8 dB over full scale from 2 to 4 s and cut there, then encoded
        Path clip = TestMedia.generate(
                "mka",
                "-f",
                "lavfi",
                "-i",
                MUSIC + ",volume=14dB:enable='between(t,2,4)',asoftclip=type=hard",
                "-t",
                "6",
                "-c:a",
                codec,
                "OUT");
        CliRun run = analyze(clip, "clipping");
        JsonNode clipping = only(run, "clipping", 2.0, 4.0);
        assertThat(clipping.get("severity").asText()).isEqualTo("minor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aac", "ac3", "mp2", "libopus"})
    void loudLimitedMasterIsNotClipping(String codec) {
        // made loud by 10 dB and held at -1 dBFS by a limiter, then encoded
        Path clip = TestMedia.generate(
                "mka",
                "-f",
                "lavfi",
                "-i",
                MUSIC + ",volume=10dB,alimiter=limit=0.891:attack=5:release=50:level=false",
                "-t",
                "6",
                "-c:a",
                codec,
                "OUT");
        assertThat(analyze(clip, "clipping").defects()).isEmpty();
    }

    @Test
    void pixelArtAndUpscaledGraphicsAreNotBlockiness() {
        Path pixelArt = TestMedia.generate(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "life=size=80x46:rate=6:seed=7:mold=10:life_color=#C83232:death_color=#101040:mold_color=#30A030,"
                        + "fps=25,scale=iw*8:ih*8:flags=neighbor,crop=640:360:0:0,format=yuv420p",
                "-t",
                "8",
                "-c:v",
                "libopenh264",
                "-b:v",
                "2500k",
                "OUT");
        assertThat(analyze(pixelArt, "blockiness").defects()).isEmpty();
        Path upscaled = TestMedia.generate(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=80x46:rate=25,scale=iw*8:ih*8:flags=neighbor,crop=640:360:0:0,format=yuv420p",
                "-t",
                "8",
                "-c:v",
                "libopenh264",
                "-b:v",
                "2500k",
                "OUT");
        assertThat(analyze(upscaled, "blockiness").defects()).isEmpty();
    }

    @Test
    void damageToACleanPictureIsBlockiness() {
        // a smooth moving picture, and the same badly compressed (MPEG-2 at the coarsest quantiser) shown from 3 to 6 s
        // (gradients' colours and end points given: left to itself it draws them at random on every run)
        String picture = "gradients=size=640x360:rate=25:speed=0.05:n=6:type=circular:c0=0x203080:c1=0x8080c0"
                + ":c2=0xc0a060:c3=0x406040:c4=0xa04030:c5=0x60a0a0:x0=100:y0=60:x1=540:y1=300,format=yuv420p";
        Path damaged = TestMedia.generate(
                "ts",
                "-f",
                "lavfi",
                "-i",
                picture,
                "-t",
                "8",
                "-c:v",
                "mpeg2video",
                "-qscale:v",
                "31",
                "-qmin",
                "31",
                "-g",
                "15",
                "OUT");
        Path clip = TestMedia.generate(
                "ts",
                "-f",
                "lavfi",
                "-i",
                picture,
                "-i",
                damaged.toString(),
                "-filter_complex",
                "[0:v][1:v]overlay=enable='between(t,3,5.98)'[v]",
                "-map",
                "[v]",
                "-t",
                "8",
                "-c:v",
                "libopenh264",
                "-b:v",
                "2500k",
                "OUT");
        only(analyze(clip, "blockiness"), "blockiness", 3.0, 6.0);
    }
}
