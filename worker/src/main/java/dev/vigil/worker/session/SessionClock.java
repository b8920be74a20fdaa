package dev.vigil.worker.session;

/**
 * Maps source timestamps onto one session timeline that starts at 0 with the first decoded frame and
 * never jumps back. Reconnects and timestamp resets of live sources continue the timeline by the wall
 * time that passed; forward gaps in files are kept (they are lost media, reported as stall).
 */
final class SessionClock {

    /** A jump back by more than this (audio may trail video a little) is a timestamp reset. */
    private static final double MAX_BACKWARD_SEC = 2.0;
    /** In live streams a jump ahead larger than the wall time passed plus this is a timestamp reset. */
    private static final double MAX_LIVE_FORWARD_SEC = 10.0;

    private final boolean live;
    private double offsetSec = Double.NaN;
    private double lastSec = Double.NaN;
    private long lastMediaNanos;

    SessionClock(boolean live) {
        this.live = live;
    }

    synchronized double map(long rawMicros, long nowNanos) {
        double raw = rawMicros / 1e6;
        double sinceLast = Double.isNaN(lastSec) ? 0 : (nowNanos - lastMediaNanos) / 1e9;
        if (Double.isNaN(offsetSec)) {
            offsetSec = raw - (Double.isNaN(lastSec) ? 0 : lastSec + sinceLast);
        }
        double t = raw - offsetSec;
        if (!Double.isNaN(lastSec)
                && (t < lastSec - MAX_BACKWARD_SEC || (live && t > lastSec + sinceLast + MAX_LIVE_FORWARD_SEC))) {
            offsetSec = raw - (lastSec + (live ? sinceLast : 0));
            t = raw - offsetSec;
        }
        if (Double.isNaN(lastSec) || t > lastSec) {
            lastSec = t;
        }
        lastMediaNanos = nowNanos;
        return t;
    }

    /** A new connection: its first timestamp continues the timeline. */
    synchronized void reconnected() {
        offsetSec = Double.NaN;
    }

    /** The session time now, extrapolated with wall time since the last media. */
    synchronized double now(long nowNanos) {
        return Double.isNaN(lastSec) ? Double.NaN : lastSec + (nowNanos - lastMediaNanos) / 1e9;
    }

    synchronized double lastMediaSec() {
        return lastSec;
    }

    synchronized long nanosSinceMedia(long nowNanos) {
        return Double.isNaN(lastSec) ? 0 : nowNanos - lastMediaNanos;
    }
}
