package dev.vigil.worker.detect.sync;

/**
 * How far the sound may be early or late before it is a defect, both as positive magnitudes in ms. In Vigil's sign
 * convention ({@code offsetMs} = audio minus video, positive when the sound is late) an offset is within
 * tolerance when {@code -soundEarlyMs <= offsetMs <= soundLateMs}.
 */
public record SyncTolerance(double soundEarlyMs, double soundLateMs) {

    /** ITU-R BT.1359-1, threshold of acceptability: sound 90 ms early to 185 ms late (the default). */
    public static final SyncTolerance BT1359_ACCEPTABLE = new SyncTolerance(90, 185);
    /** EBU R37 (2007), broadcast chain end to end: sound 40 ms early to 60 ms late. */
    public static final SyncTolerance EBU_R37 = new SyncTolerance(40, 60);

    public SyncTolerance {
        if (!(soundEarlyMs >= 0) || !(soundLateMs >= 0)) {
            throw new IllegalArgumentException("soundEarlyMs and soundLateMs must be >= 0");
        }
    }

    public boolean within(double offsetMs) {
        return offsetMs >= -soundEarlyMs && offsetMs <= soundLateMs;
    }
}
