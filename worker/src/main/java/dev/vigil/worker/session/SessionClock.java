package dev.vigil.worker.session;

/**
 * Maps source timestamps onto one session timeline that starts at 0 with the first decoded frame and
 * never jumps back.
 * <ul>
 *   <li>Files: the timeline is the media's own; forward gaps are kept (lost media, reported as stall);
 *       a jump back (timestamp reset) continues from where the media was.</li>
 *   <li>Live sources: the timeline is also held against the wall clock. Media that falls more than
 *       {@code lagLimitSec} behind real time (the source stopped delivering, or frames held in the decoder
 *       come out late) is moved up to real time, and timestamp resets or reconnects continue from real
 *       time, so that a gap in delivery shows as a gap in the timeline. Media may run ahead of the wall
 *       clock (HLS fetches whole segments at once); a slow drift of the source clock behind the wall clock
 *       is absorbed gradually, so only a real delivery gap counts.</li>
 * </ul>
 * Called from the decode thread and the session timer.
 */
final class SessionClock {

    /** A jump back by more than this (audio may trail video a little) is a timestamp reset. */
    private static final double MAX_BACKWARD_SEC = 2.0;
    /** In live streams a jump ahead of real time by more than this is a timestamp reset. */
    private static final double MAX_LIVE_FORWARD_SEC = 30.0;
    /** Share of a small lag absorbed per media item: corrects clock drift, too slow to hide a stall. */
    private static final double DRIFT_ABSORPTION = 0.001;

    private final boolean live;
    private final double lagLimitSec;
    private double offsetSec = Double.NaN;
    private double lastSec = Double.NaN;
    private long anchorNanos;

    SessionClock(boolean live, double lagLimitSec) {
        this.live = live;
        this.lagLimitSec = lagLimitSec;
    }

    synchronized double map(long rawMicros, long nowNanos) {
        double raw = rawMicros / 1e6;
        if (Double.isNaN(lastSec)) {
            anchorNanos = nowNanos;
        }
        if (Double.isNaN(offsetSec)) {
            offsetSec = raw - resumePoint(nowNanos);
        }
        double t = raw - offsetSec;
        if (!Double.isNaN(lastSec)) {
            double wall = wallSec(nowNanos);
            boolean reset =
                    t < lastSec - MAX_BACKWARD_SEC || (live && t > Math.max(lastSec, wall) + MAX_LIVE_FORWARD_SEC);
            boolean fellBehind = live && wall - t > lagLimitSec;
            if (reset || fellBehind) {
                double target = resumePoint(nowNanos);
                offsetSec = raw - target;
                t = target;
            }
        }
        if (live) {
            double lag = wallSec(nowNanos) - t;
            if (lag > 0) {
                anchorNanos += (long) (lag * DRIFT_ABSORPTION * 1e9);
            }
        }
        if (Double.isNaN(lastSec) || t > lastSec) {
            lastSec = t;
        }
        return t;
    }

    /**
     * Live: a connection that has delivered nothing yet starts the timeline at {@code connectedNanos}, so that the
     * time without media counts (a stall); the first media then continues from the wall clock.
     */
    synchronized void startWithoutMedia(long connectedNanos) {
        if (live && Double.isNaN(lastSec)) {
            anchorNanos = connectedNanos;
            lastSec = 0;
        }
    }

    /** A new connection: its first timestamp continues the timeline. */
    synchronized void reconnected() {
        offsetSec = Double.NaN;
    }

    /** Live: where the timeline stands by the wall clock now; NaN before the first frame or for files. */
    synchronized double now(long nowNanos) {
        return !live || Double.isNaN(lastSec) ? Double.NaN : Math.max(lastSec, wallSec(nowNanos));
    }

    /**
     * Where a source timestamp falls on the timeline as things stand, without moving the clock: for packets,
     * which are read before their pictures are decoded. The newest media time when the mapping is not known yet
     * (before the connection's first picture) or the packet has no timestamp.
     */
    synchronized double estimate(long rawMicros) {
        if (rawMicros == dev.vigil.worker.source.Packet.NO_TIME || Double.isNaN(offsetSec)) {
            return Double.isNaN(lastSec) ? 0 : lastSec;
        }
        return rawMicros / 1e6 - offsetSec;
    }

    synchronized double lastMediaSec() {
        return lastSec;
    }

    /** Live: how far the newest media is behind real time (0 when ahead). */
    synchronized double lagSec(long nowNanos) {
        return !live || Double.isNaN(lastSec) ? 0 : Math.max(0, wallSec(nowNanos) - lastSec);
    }

    private double resumePoint(long nowNanos) {
        if (Double.isNaN(lastSec)) {
            return 0;
        }
        return live ? Math.max(lastSec, wallSec(nowNanos)) : lastSec;
    }

    private double wallSec(long nowNanos) {
        return (nowNanos - anchorNanos) / 1e9;
    }
}
