package dev.vigil.operator.placement;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads named by role and index ({@code vigil-status-writer-3}), so a thread dump says who is who. */
final class NamedThreads implements ThreadFactory {

    private final String role;
    private final AtomicInteger next = new AtomicInteger();

    NamedThreads(String role) {
        this.role = role;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, role + "-" + next.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}
