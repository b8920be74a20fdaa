package dev.vigil.tools.accuracy;

/**
 * One defect injected into a clip: its type (a Vigil defect type) and when it starts and ends, in seconds of
 * the clip, with the same conventions as the detectors (a freeze starts at the first repeated frame and ends
 * at the first changed one; a black interval ends when the last black frame does).
 */
public record Label(String type, double startSec, double endSec) {

    public double durationSec() {
        return endSec - startSec;
    }
}
