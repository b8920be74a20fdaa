package dev.vigil.worker.session;

import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.source.SourceOptions;
import java.time.Duration;
import java.util.Map;

/**
 * One stream to watch.
 *
 * @param detectors          the detectors to run, with their effective settings (disabled ones are skipped)
 * @param maxDurationSec     stop after this much media (files) or wall time (live); 0 for no limit
 * @param failOnFirstOpen    give up when the very first connection fails (command line), instead of
 *                           retrying forever as a cluster worker does
 * @param laneCapacity       batches of decoded items that may wait for the detectors before the decoder waits
 * @param realTime           read a file no faster than real time, as if it were live (like ffmpeg's -re)
 */
public record SessionConfig(String name, String url, SourceOptions sourceOptions,
                            Map<DetectorName, DetectorSettings> detectors, double maxDurationSec,
                            boolean failOnFirstOpen, Duration reconnectInitial, Duration reconnectMax,
                            int laneCapacity, boolean realTime) {

    /** Batches of up to 4 video frames (see LaneBatch): about 2.5 s of 25 fps video may wait. */
    public static final int DEFAULT_LANE_CAPACITY = 16;

    public SessionConfig {
        detectors = Map.copyOf(detectors);
    }

    public static SessionConfig of(String url, Map<DetectorName, DetectorSettings> detectors) {
        return new SessionConfig(url, url, SourceOptions.DEFAULTS, detectors, 0, true,
                Duration.ofMillis(500), Duration.ofSeconds(30), DEFAULT_LANE_CAPACITY, false);
    }

    public SessionConfig withMaxDuration(double seconds) {
        return new SessionConfig(name, url, sourceOptions, detectors, seconds, failOnFirstOpen,
                reconnectInitial, reconnectMax, laneCapacity, realTime);
    }

    public SessionConfig withSourceOptions(SourceOptions options) {
        return new SessionConfig(name, url, options, detectors, maxDurationSec, failOnFirstOpen,
                reconnectInitial, reconnectMax, laneCapacity, realTime);
    }

    public SessionConfig withReconnect(Duration initial, Duration max) {
        return new SessionConfig(name, url, sourceOptions, detectors, maxDurationSec, failOnFirstOpen,
                initial, max, laneCapacity, realTime);
    }

    public SessionConfig withRealTime(boolean paced) {
        return new SessionConfig(name, url, sourceOptions, detectors, maxDurationSec, failOnFirstOpen,
                reconnectInitial, reconnectMax, laneCapacity, paced);
    }
}
