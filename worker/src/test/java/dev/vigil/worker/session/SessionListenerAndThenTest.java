package dev.vigil.worker.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.v1alpha1.DefectType;
import dev.vigil.api.v1alpha1.Severity;
import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DetectorName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionListenerAndThenTest {

    @Test
    void everyDefectTransitionReachesBothListenersInOrder() {
        List<String> seen = new ArrayList<>();
        SessionListener first = new SessionListener() {
            @Override
            public void onDefectOpened(Defect d) {
                seen.add("opened " + d.severity());
            }

            @Override
            public void onDefectEscalated(Defect d) {
                seen.add("escalated " + d.severity());
            }

            @Override
            public void onDefectClosed(Defect d) {
                seen.add("closed " + d.severity());
            }
        };
        SessionListener both = first.andThen(new SessionListener() {
            @Override
            public void onDefectEscalated(Defect d) {
                seen.add("and then escalated");
            }

            @Override
            public void onDefectClosed(Defect d) {
                seen.add("and then closed");
            }
        });
        DetectorName black = DetectorName.of(DefectType.BLACK);
        both.onDefectOpened(new Defect(black, 1, Double.NaN, Severity.MINOR, Map.of(), false));
        both.onDefectEscalated(new Defect(black, 1, Double.NaN, Severity.MAJOR, Map.of(), false));
        both.onDefectClosed(new Defect(black, 1, 4, Severity.MAJOR, Map.of(), false));
        assertThat(seen)
                .containsExactly(
                        "opened minor", "escalated major", "and then escalated", "closed major", "and then closed");
    }
}
