package dev.vigil.operator.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StreamCostTest {

    @Test
    void a_720p25_stream_is_one_unit() {
        assertThat(StreamCost.units(1280, 720, 25)).isEqualTo(1.0);
    }

    @Test
    void cost_grows_with_pixels_and_frame_rate() {
        assertThat(StreamCost.units(1920, 1080, 50)).isCloseTo(4.5, within(1e-12));
        assertThat(StreamCost.units(3840, 2160, 25)).isCloseTo(9.0, within(1e-12));
        assertThat(StreamCost.units(640, 360, 25)).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void unknown_format_costs_the_default() {
        assertThat(StreamCost.units(0, 0, 0)).isEqualTo(StreamCost.DEFAULT_UNITS);
        assertThat(StreamCost.units(1920, 1080, Double.NaN)).isEqualTo(1.0);
        assertThat(StreamCost.units(-1, 1080, 25)).isEqualTo(1.0);
    }

    @Test
    void a_pool_decoding_less_charges_a_share_and_keeps_a_reserve_for_escalations() {
        dev.vigil.api.v1alpha1.spec.DecodeSpec d = new dev.vigil.api.v1alpha1.spec.DecodeSpec();
        assertThat(StreamCost.share(null)).isEqualTo(1.0);
        assertThat(StreamCost.reserve(null)).isZero();
        assertThat(StreamCost.share(d)).isEqualTo(1.0);
        assertThat(StreamCost.reserve(d)).as("full decoding never escalates").isZero();
        d.setProfile(dev.vigil.api.v1alpha1.DecodeProfile.ECONOMY);
        assertThat(StreamCost.share(d)).isLessThanOrEqualTo(0.5);
        assertThat(StreamCost.reserve(d)).isEqualTo(0.2);
        d.setEscalate(false);
        assertThat(StreamCost.reserve(d)).isZero();
        d.setProfile(dev.vigil.api.v1alpha1.DecodeProfile.KEYFRAMES);
        assertThat(StreamCost.share(d)).isLessThanOrEqualTo(0.2);
    }
}
