package dev.vigil.tools.accuracy;

/** One interval a detector reported for a clip (severity as the tool gave it, or null when it gives none). */
public record Detection(String type, double startSec, double endSec, String severity) {

    public double durationSec() {
        return endSec - startSec;
    }
}
