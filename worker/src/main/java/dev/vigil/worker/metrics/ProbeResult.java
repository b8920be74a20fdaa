package dev.vigil.worker.metrics;

/** The answer of a health or readiness probe: passing, or failing with a reason shown in the response body. */
public record ProbeResult(boolean passed, String reason) {

    public static ProbeResult pass() {
        return new ProbeResult(true, "ok");
    }

    public static ProbeResult fail(String reason) {
        return new ProbeResult(false, reason);
    }
}
