package dev.vigil.worker.cluster;

import dev.vigil.worker.escalation.EscalationReason;
import dev.vigil.worker.status.StatusHub;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The runtime's own meters (dotted Micrometer names; Prometheus renders vigil_worker_sessions and so on). No
 * per-monitor tags: a worker carries hundreds of streams. Values are read when scraped, from the session
 * manager and the status hub: nothing is added to the decode path beyond the session's frame counter.
 */
final class RuntimeMetrics {

    private RuntimeMetrics() {}

    static void register(MeterRegistry registry, WorkerIdentity identity, SessionManager sessions, StatusHub hub) {
        Gauge.builder("vigil.worker.sessions", sessions, s -> s.running().size())
                .description("Monitors this worker runs a shard of")
                .register(registry);
        Gauge.builder("vigil.worker.load.units", sessions, SessionManager::loadUnits)
                .description("Stream units this worker carries")
                .register(registry);
        Gauge.builder("vigil.worker.capacity.units", identity, WorkerIdentity::capacity)
                .description("Stream units this worker may carry (its pool's capacity)")
                .register(registry);
        FunctionCounter.builder("vigil.decoded.frames", sessions, SessionManager::decodedFrames)
                .description("Video frames decoded; its rate is the decode fps")
                .register(registry);
        Gauge.builder("vigil.decode.lag.seconds", sessions, SessionManager::maxDecodeLagSec)
                .description("How far the newest decoded media is behind real time, the largest over live sessions")
                .register(registry);
        for (EscalationReason reason : EscalationReason.values()) {
            FunctionCounter.builder(
                            "vigil.decode.escalations",
                            sessions,
                            s -> s.escalations().granted(reason))
                    .tag("reason", reason.wireName())
                    .description("Streams switched from economy or keyframes to full decoding, by what was suspected")
                    .register(registry);
        }
        FunctionCounter.builder(
                        "vigil.decode.escalations.refused",
                        sessions,
                        s -> s.escalations().refused())
                .description("Escalations refused because the worker's capacity was in use (at most one try per"
                        + " stream and second)")
                .register(registry);
        Gauge.builder(
                        "vigil.decode.escalated.streams",
                        sessions,
                        s -> s.escalations().escalatedStreams())
                .description("Streams decoded in full now because they are escalated")
                .register(registry);
        Gauge.builder("vigil.streams.down", hub, StatusHub::streamsDown)
                .description("Monitors whose stream is not up, as this worker sees them")
                .register(registry);
    }
}
