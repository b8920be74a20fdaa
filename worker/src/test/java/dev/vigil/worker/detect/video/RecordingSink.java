package dev.vigil.worker.detect.video;

import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.detect.DefectSink;
import java.util.ArrayList;
import java.util.List;

/** Keeps every transition a detector reports. */
final class RecordingSink implements DefectSink {
    final List<Defect> opened = new ArrayList<>();
    final List<Defect> escalated = new ArrayList<>();
    final List<Defect> closed = new ArrayList<>();

    @Override
    public void opened(Defect defect) {
        opened.add(defect);
    }

    @Override
    public void escalated(Defect defect) {
        escalated.add(defect);
    }

    @Override
    public void closed(Defect defect) {
        closed.add(defect);
    }
}
