package dev.vigil.operator.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The threads that send a batch of status and label writes in parallel. Each write is a round trip to the API
 * server, and one at a time they, not planning, bound how fast thousands of new monitors get placed. Bounded, so
 * that one batch cannot flood the API server (the JOSDK rate limiter does not cover these writes).
 */
final class StatusWriters implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StatusWriters.class.getName());

    private final ExecutorService threads;

    StatusWriters(int count) {
        this.threads = Executors.newFixedThreadPool(count, new NamedThreads("vigil-status-writer"));
    }

    /** Runs every write and waits for all; one failed write does not stop the others (the next pass retries it). */
    void runAll(List<Runnable> writes) {
        List<Future<?>> running = new ArrayList<>(writes.size());
        for (Runnable w : writes) {
            running.add(threads.submit(w));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                LOG.log(System.Logger.Level.WARNING, "status write failed: " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Takes no more writes; those under way finish. */
    @Override
    public void close() {
        threads.shutdown();
    }
}
