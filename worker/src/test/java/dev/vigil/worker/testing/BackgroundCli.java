package dev.vigil.worker.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@code vigil …} on another thread, for live tests that start the sender after the receiver. */
public final class BackgroundCli {

    private final CompletableFuture<CliRun> run;

    private BackgroundCli(String... args) {
        run = CompletableFuture.supplyAsync(() -> CliRun.vigil(args));
    }

    public static BackgroundCli start(String... args) {
        BackgroundCli cli = new BackgroundCli(args);
        sleep(1500); // let the receiver bind/listen before the sender starts
        return cli;
    }

    public CliRun await(long seconds) throws Exception {
        return run.get(seconds, TimeUnit.SECONDS);
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
