package dev.vigil.worker.session;

/**
 * How a session ended.
 *
 * @param mediaSec seconds of media analysed
 * @param error    one-line reason when the source could not be opened or read, else null
 */
public record SessionResult(double mediaSec, long videoFrames, long audioBlocks, String error) {

    public boolean failed() {
        return error != null;
    }
}
