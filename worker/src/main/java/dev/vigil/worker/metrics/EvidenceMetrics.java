package dev.vigil.worker.metrics;

import dev.vigil.worker.evidence.EvidenceCapture;
import dev.vigil.worker.evidence.EvidenceCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Evidence capture over all streams of the worker, read when scraped: {@code vigil_evidence_captures_total{result}}
 * (stored, lost, dropped, rate_limited), {@code vigil_evidence_bytes_total}, {@code vigil_evidence_ring_bytes},
 * {@code vigil_evidence_capture_cpu_seconds_total}, {@code vigil_evidence_queued} and {@code vigil_evidence_store_failing} (1 while the store's last answer was a
 * failure: alert on it, monitoring itself goes on).
 */
public final class EvidenceMetrics {

    static final String CAPTURES = "vigil.evidence.captures";

    private EvidenceMetrics() {}

    public static void register(MeterRegistry registry, EvidenceCapture capture) {
        EvidenceCounters c = capture.counters();
        counter(registry, c, "stored", EvidenceCounters::stored);
        counter(registry, c, "lost", EvidenceCounters::lost);
        counter(registry, c, "dropped", EvidenceCounters::dropped);
        counter(registry, c, "rate_limited", EvidenceCounters::rateLimited);
        FunctionCounter.builder("vigil.evidence.bytes", c, EvidenceCounters::bytesStored)
                .description("Bytes of thumbnails and clips stored")
                .baseUnit("bytes")
                .register(registry);
        FunctionCounter.builder("vigil.evidence.capture.cpu", c, x -> (x.thumbnailCpuNanos() + x.clipCpuNanos()) / 1e9)
                .description("CPU the capture threads spent on thumbnails and clips")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("vigil.evidence.ring.bytes", capture, EvidenceCapture::ringBytes)
                .description("Compressed packet bytes the streams' rings hold")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("vigil.evidence.queued", capture, EvidenceCapture::queued)
                .description("Captures waiting for or on the capture threads")
                .register(registry);
        Gauge.builder("vigil.evidence.store.failing", c, x -> x.storeFailing() ? 1 : 0)
                .description("1 while the evidence store's last answer was a failure")
                .register(registry);
    }

    private static void counter(
            MeterRegistry registry,
            EvidenceCounters c,
            String result,
            java.util.function.ToDoubleFunction<EvidenceCounters> value) {
        FunctionCounter.builder(CAPTURES, c, value)
                .description("Defect evidence captures by outcome")
                .tag("result", result)
                .register(registry);
    }
}
