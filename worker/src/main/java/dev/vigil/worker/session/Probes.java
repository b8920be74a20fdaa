package dev.vigil.worker.session;

import dev.vigil.worker.detect.Detector;
import dev.vigil.worker.detect.StreamProbe;
import dev.vigil.worker.source.ByteTap;
import dev.vigil.worker.source.Packet;
import dev.vigil.worker.source.StreamFacts;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The decode-thread probes of a session's detectors ({@link StreamProbe}): one tap that passes the input's
 * bytes to each probe that reads them, every packet to each probe, and the findings each probe collects to
 * its own detector, in media order on the session's lane.
 */
final class Probes {

    private record Entry(Detector detector, StreamProbe probe) {}

    private final List<Entry> entries = new ArrayList<>();
    private final List<ByteTap> taps = new ArrayList<>();

    Probes(List<Detector> detectors) {
        for (Detector d : detectors) {
            StreamProbe p = d.probe();
            if (p != null) {
                entries.add(new Entry(d, p));
                if (p.byteTap() != null) {
                    taps.add(p.byteTap());
                }
            }
        }
    }

    /** The tap to give the source: nothing when no probe reads bytes. */
    ByteTap byteTap() {
        if (taps.isEmpty()) {
            return ByteTap.NONE;
        }
        if (taps.size() == 1) {
            return taps.get(0);
        }
        return new ByteTap() {
            @Override
            public void onBytes(ByteBuffer chunk) {
                for (ByteTap t : taps) {
                    t.onBytes(chunk.duplicate());
                }
            }

            @Override
            public void onDiscontinuity() {
                taps.forEach(ByteTap::onDiscontinuity);
            }

            @Override
            public void onPacketsLost(long packets) {
                taps.forEach(t -> t.onPacketsLost(packets));
            }

            @Override
            public void onSeek(long from, long to) {
                taps.forEach(t -> t.onSeek(from, to));
            }

            @Override
            public void onSegment() {
                taps.forEach(ByteTap::onSegment);
            }

            @Override
            public void segmented() {
                taps.forEach(ByteTap::segmented);
            }

            @Override
            public String diagnosis() {
                return taps.stream()
                        .map(ByteTap::diagnosis)
                        .filter(d -> d != null)
                        .findFirst()
                        .orElse(null);
            }
        };
    }

    void connected(boolean tapped, StreamFacts facts) {
        byteTap().onDiscontinuity();
        for (Entry e : entries) {
            e.probe().onConnected(tapped, facts);
        }
    }

    void onPacket(Packet packet, double sessionSec) {
        for (int i = 0; i < entries.size(); i++) {
            entries.get(i).probe().onPacket(packet, sessionSec);
        }
    }

    void collect(double sessionSec, DetectorLanes lanes) throws InterruptedException {
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            Runnable work = e.probe().collect(sessionSec);
            if (work != null) {
                lanes.forDetector(e.detector(), work);
            }
        }
    }
}
