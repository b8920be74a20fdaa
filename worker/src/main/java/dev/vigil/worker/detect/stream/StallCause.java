package dev.vigil.worker.detect.stream;

/** Why media stopped arriving, when something besides the decoder knows (e.g. the manifest checks). */
@FunctionalInterface
public interface StallCause {

    /** A short phrase for a stall over [{@code fromSec}, {@code toSec}] of the session's timeline, or null. */
    String during(double fromSec, double toSec);
}
