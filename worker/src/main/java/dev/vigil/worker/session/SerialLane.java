package dev.vigil.worker.session;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one session's tasks in submission order, one at a time, on a shared executor. At most
 * {@code capacity} tasks wait; {@link #submit} blocks beyond that, which slows the decoder rather than
 * growing memory or dropping media.
 */
final class SerialLane {

    private final Executor executor;
    private final Semaphore room;
    private final Queue<Task> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final int capacity;

    SerialLane(Executor executor, int capacity) {
        this.executor = executor;
        this.capacity = capacity;
        this.room = new Semaphore(capacity);
    }

    /** Blocks while the lane is full. */
    void submit(Runnable task) throws InterruptedException {
        room.acquire();
        enqueue(new Task(task, true));
    }

    /** Never blocks: for small control tasks (clock ticks, stop) that must not wait behind media. */
    void submitNow(Runnable task) {
        enqueue(new Task(task, false));
    }

    int backlog() {
        return capacity - room.availablePermits();
    }

    private void enqueue(Task task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        // bounded batch, then yield the pool thread so that other sessions get their turn
        for (int i = 0; i < 64; i++) {
            Task task = tasks.poll();
            if (task == null) {
                break;
            }
            try {
                task.action().run();
            } catch (RuntimeException e) {
                // tasks handle their own failures; this only keeps the lane alive if one slips through
                System.err.println("vigil: unexpected error in session task: " + e);
            } finally {
                if (task.counted()) {
                    room.release();
                }
            }
        }
        scheduled.set(false);
        if (!tasks.isEmpty()) {
            schedule();
        }
    }

    private record Task(Runnable action, boolean counted) {}
}
