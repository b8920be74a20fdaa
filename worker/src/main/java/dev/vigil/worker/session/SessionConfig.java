package dev.vigil.worker.session;

import dev.vigil.worker.decode.DecodeProfile;
import dev.vigil.worker.detect.DetectorName;
import dev.vigil.worker.detect.DetectorSettings;
import dev.vigil.worker.source.SourceOptions;
import java.time.Duration;
import java.util.Map;

/**
 * One stream to watch. Built with {@link #of} and the {@code with…} methods, or a {@link Builder}.
 *
 * @param name               what logs and thread names call the stream (the monitor's key in a cluster)
 * @param detectors          the detectors to run, with their effective settings (disabled ones are skipped)
 * @param maxDurationSec     stop after this much media (files) or wall time (live); 0 for no limit
 * @param failOnFirstOpen    give up when the very first connection fails (command line), instead of
 *                           retrying forever as a cluster worker does
 * @param laneCapacity       batches of decoded items that may wait for the detectors before the decoder waits
 * @param realTime           read a file no faster than real time, as if it were live (like ffmpeg's -re)
 * @param decodeProfile      how much of the video is decoded
 * @param escalate           economy and keyframes: switch to full decoding for a while on a suspected defect
 */
public record SessionConfig(
        String name,
        String url,
        SourceOptions sourceOptions,
        Map<DetectorName, DetectorSettings> detectors,
        double maxDurationSec,
        boolean failOnFirstOpen,
        Duration reconnectInitial,
        Duration reconnectMax,
        int laneCapacity,
        boolean realTime,
        DecodeProfile decodeProfile,
        boolean escalate) {

    /** Batches of up to 4 video frames (see LaneBatch): about 2.5 s of 25 fps video may wait. */
    public static final int DEFAULT_LANE_CAPACITY = 16;

    public SessionConfig {
        detectors = Map.copyOf(detectors);
    }

    /** A command-line session: gives up when the first open fails, reconnects live sources from 0.5 s to 30 s. */
    public static SessionConfig of(String url, Map<DetectorName, DetectorSettings> detectors) {
        return builder(url, detectors).build();
    }

    public static Builder builder(String url, Map<DetectorName, DetectorSettings> detectors) {
        return new Builder(url, detectors);
    }

    public Builder toBuilder() {
        return new Builder(url, detectors)
                .name(name)
                .sourceOptions(sourceOptions)
                .maxDurationSec(maxDurationSec)
                .failOnFirstOpen(failOnFirstOpen)
                .reconnect(reconnectInitial, reconnectMax)
                .laneCapacity(laneCapacity)
                .realTime(realTime)
                .decodeProfile(decodeProfile)
                .escalate(escalate);
    }

    public SessionConfig withMaxDuration(double seconds) {
        return toBuilder().maxDurationSec(seconds).build();
    }

    public SessionConfig withSourceOptions(SourceOptions options) {
        return toBuilder().sourceOptions(options).build();
    }

    public SessionConfig withReconnect(Duration initial, Duration max) {
        return toBuilder().reconnect(initial, max).build();
    }

    public SessionConfig withRealTime(boolean paced) {
        return toBuilder().realTime(paced).build();
    }

    public SessionConfig withDecodeProfile(DecodeProfile profile) {
        return toBuilder().decodeProfile(profile).build();
    }

    public SessionConfig withDecode(DecodeProfile profile, boolean escalateToFull) {
        return toBuilder().decodeProfile(profile).escalate(escalateToFull).build();
    }

    /** Named settings for a {@link SessionConfig}; what is not set keeps the command line's defaults. */
    public static final class Builder {
        private final String url;
        private final Map<DetectorName, DetectorSettings> detectors;
        private String name;
        private SourceOptions sourceOptions = SourceOptions.DEFAULTS;
        private double maxDurationSec;
        private boolean failOnFirstOpen = true;
        private Duration reconnectInitial = Duration.ofMillis(500);
        private Duration reconnectMax = Duration.ofSeconds(30);
        private int laneCapacity = DEFAULT_LANE_CAPACITY;
        private boolean realTime;
        private DecodeProfile decodeProfile = DecodeProfile.FULL;
        private boolean escalate = true;

        private Builder(String url, Map<DetectorName, DetectorSettings> detectors) {
            this.url = url;
            this.detectors = detectors;
            this.name = url;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder sourceOptions(SourceOptions value) {
            sourceOptions = value;
            return this;
        }

        public Builder maxDurationSec(double value) {
            maxDurationSec = value;
            return this;
        }

        public Builder failOnFirstOpen(boolean value) {
            failOnFirstOpen = value;
            return this;
        }

        public Builder reconnect(Duration initial, Duration max) {
            reconnectInitial = initial;
            reconnectMax = max;
            return this;
        }

        public Builder laneCapacity(int value) {
            laneCapacity = value;
            return this;
        }

        public Builder realTime(boolean value) {
            realTime = value;
            return this;
        }

        public Builder decodeProfile(DecodeProfile value) {
            decodeProfile = value;
            return this;
        }

        public Builder escalate(boolean value) {
            escalate = value;
            return this;
        }

        public SessionConfig build() {
            return new SessionConfig(
                    name,
                    url,
                    sourceOptions,
                    detectors,
                    maxDurationSec,
                    failOnFirstOpen,
                    reconnectInitial,
                    reconnectMax,
                    laneCapacity,
                    realTime,
                    decodeProfile,
                    escalate);
        }
    }
}
