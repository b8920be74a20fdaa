package dev.vigil.worker.detect.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.worker.detect.DetectorUnavailableException;
import org.junit.jupiter.api.Test;

/** Thresholds that make no sense leave the detector unavailable for the stream, saying which and why. */
class AvSyncSettingsTest {

    @Test
    void defaultsAreItuBt1359Acceptability() {
        AvSyncSettings s = AvSyncSettings.of(AvSyncDetector.DEFAULTS);
        assertThat(s.tolerance()).isEqualTo(SyncTolerance.BT1359_ACCEPTABLE);
        assertThat(s.tolerance().within(-90)).isTrue();
        assertThat(s.tolerance().within(-91)).as("sound 91 ms early").isFalse();
        assertThat(s.tolerance().within(185)).isTrue();
        assertThat(s.tolerance().within(186)).as("sound 186 ms late").isFalse();
    }

    @Test
    void nonsenseIsRefusedWithTheNameOfTheThreshold() {
        assertThatThrownBy(() -> AvSyncSettings.of(AvSyncDetector.DEFAULTS.withThreshold("windowSec", 0)))
                .isInstanceOf(DetectorUnavailableException.class)
                .hasMessage("av_sync: windowSec must be between 2 and 600");
        assertThatThrownBy(() -> AvSyncSettings.of(AvSyncDetector.DEFAULTS.withThreshold("maxOffsetMs", 150)))
                .hasMessageContaining("maxOffsetMs must be larger than the tolerance");
        assertThatThrownBy(() -> AvSyncSettings.of(AvSyncDetector.DEFAULTS.withThreshold("soundLateMs", -5)))
                .hasMessageContaining("soundEarlyMs and soundLateMs must be >= 0");
        assertThatThrownBy(() -> AvSyncSettings.of(AvSyncDetector.DEFAULTS.withThreshold("minPairs", 2.5)))
                .hasMessageContaining("minPairs");
    }
}
