package dev.vigil.worker.session;

/**
 * How a session ended.
 *
 * @param mediaSec seconds of media analysed
 * @param error    one-line reason when the source could not be opened or read, else null
 * @param decodeCpuSec CPU time of the session's decode thread: demux, decode and per-frame analysis
 */
public record SessionResult(double mediaSec, long videoFrames, long audioBlocks, String error, double decodeCpuSec) {

    public boolean failed() {
        return error != null;
    }
}
