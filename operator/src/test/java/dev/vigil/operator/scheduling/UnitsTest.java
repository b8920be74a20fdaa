package dev.vigil.operator.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void costs_round_up_and_capacities_round_down() {
        assertThat(Units.ofCost(0.1)).isEqualTo(100);
        assertThat(Units.ofCost(0.0001)).isEqualTo(1);
        assertThat(Units.ofCost(1.0004)).isEqualTo(1001);
        assertThat(Units.ofCapacity(1.0009)).isEqualTo(1000);
        assertThat(Units.ofCapacity(0.3)).isEqualTo(300);
    }

    @Test
    void formats_without_trailing_zeros() {
        assertThat(Units.format(2500)).isEqualTo("2.5");
        assertThat(Units.format(3000)).isEqualTo("3");
        assertThat(Units.format(1)).isEqualTo("0.001");
    }
}
