package dev.vigil.tools.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CorpusPlanTest {

    @Test
    void splitsAreTheSameDesignWithDifferentDraws() {
        List<Clip> dev = CorpusPlan.clips("dev");
        List<Clip> eval = CorpusPlan.clips("eval");
        assertThat(dev).hasSameSizeAs(eval);
        assertThat(dev)
                .extracting(Clip::content)
                .containsExactlyElementsOf(eval.stream().map(Clip::content).toList());
        assertThat(dev)
                .extracting(c -> c.video().kind())
                .containsExactlyElementsOf(
                        eval.stream().map(c -> c.video().kind()).toList());
        // but nothing is drawn alike: event times and the content's parameters differ
        for (int i = 0; i < dev.size(); i++) {
            assertThat(dev.get(i).seed()).isNotEqualTo(eval.get(i).seed());
        }
        assertThat(dev)
                .extracting(c -> c.video().startSec())
                .isNotEqualTo(eval.stream().map(c -> c.video().startSec()).toList());
    }

    @Test
    void aSplitIsTheSameEveryTime() {
        assertThat(CorpusPlan.clips("eval")).isEqualTo(CorpusPlan.clips("eval"));
        assertThat(new ClipGraph(CorpusPlan.clips("eval").get(7)).video())
                .isEqualTo(new ClipGraph(CorpusPlan.clips("eval").get(7)).video());
    }

    @Test
    void everyDefectKindAndHardNegativeIsThere() {
        List<Clip> dev = CorpusPlan.clips("dev");
        for (String type : Scorer.TYPES) {
            assertThat(dev.stream()
                            .flatMap(c -> c.labels().stream())
                            .filter(l -> l.type().equals(type))
                            .count())
                    .as(type)
                    .isGreaterThanOrEqualTo(10);
        }
        assertThat(dev).extracting(Clip::content).contains(Clip.Content.values());
        assertThat(dev).extracting(c -> c.video().kind()).contains(Clip.VideoEventKind.values());
        assertThat(dev).extracting(Clip::audio).contains(Clip.AudioContent.values());
        assertThat(dev).extracting(Clip::audioCodec).contains(Clip.AudioCodec.values());
        assertThat(dev)
                .extracting(Clip::videoCodec)
                .contains(Clip.VideoCodec.OPENH264, Clip.VideoCodec.MPEG2, Clip.VideoCodec.X264, Clip.VideoCodec.X265);
    }

    @Test
    void theGop1SplitIsTheSameDesignWithItsH264AtOneSecondGops() {
        List<Clip> dev = CorpusPlan.clips("dev");
        List<Clip> gop1 = CorpusPlan.clips("gop1");
        assertThat(gop1)
                .extracting(c -> c.video().kind())
                .containsExactlyElementsOf(
                        dev.stream().map(c -> c.video().kind()).toList());
        assertThat(gop1)
                .extracting(Clip::videoCodec)
                .contains(Clip.VideoCodec.OPENH264_GOP1, Clip.VideoCodec.X264_GOP1, Clip.VideoCodec.MPEG2)
                .doesNotContain(Clip.VideoCodec.OPENH264, Clip.VideoCodec.X264);
        assertThat(dev)
                .extracting(Clip::videoCodec)
                .doesNotContain(Clip.VideoCodec.OPENH264_GOP1, Clip.VideoCodec.X264_GOP1);
    }

    @Test
    void theSmokeSplitNeedsOnlyTheBundledFfmpeg() {
        assertThat(CorpusPlan.clips("smoke"))
                .allSatisfy(c -> assertThat(c.videoCodec().system).isFalse());
    }
}
