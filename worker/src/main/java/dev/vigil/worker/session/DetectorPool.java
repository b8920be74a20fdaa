package dev.vigil.worker.session;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker-wide, bounded pool that runs detector work for every session, plus one timer thread for
 * session clocks. Sessions keep their own order through a {@link SerialLane}; the pool only bounds threads.
 */
public final class DetectorPool implements AutoCloseable {

    private final ExecutorService workers;
    private final ScheduledExecutorService timer;

    public DetectorPool(int threads) {
        this.workers = Executors.newFixedThreadPool(threads, daemonThreads("vigil-detect-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("vigil-clock-"));
    }

    public static DetectorPool sizedForMachine() {
        return new DetectorPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    ExecutorService workers() {
        return workers;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
