package dev.vigil.tools.bench.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The webhook baseline: ready-made CloudEvent bodies POSTed with a bare {@link HttpClient} (HTTP/1.1, like the
 * dispatcher's) from as many threads as the dispatcher has senders, taking them from an unbounded FIFO queue. No
 * CloudEvent mapping, no retry policy: a 5xx is POSTed again at once. What is left is the cost of HTTP on loopback
 * and of the receiver, with the same parallelism.
 */
final class BarePoster implements AutoCloseable {

    private record Post(URI url, byte[] body) {}

    private static final Post STOP = new Post(null, null);
    private static final int MAX_ATTEMPTS = 6;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final BlockingQueue<Post> queue = new LinkedBlockingQueue<>();
    private final ExecutorService threads;
    private final int senders;

    BarePoster(int senders) {
        this.senders = senders;
        this.threads = Executors.newFixedThreadPool(senders, r -> {
            Thread t = new Thread(r, "bench-bare-post");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < senders; i++) {
            threads.execute(this::sendLoop);
        }
    }

    /** Queues one POST; returns at once. */
    void submit(URI url, byte[] body) {
        queue.add(new Post(url, body));
    }

    private void sendLoop() {
        try {
            for (Post p = queue.take(); p != STOP; p = queue.take()) {
                for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                    if (post(p) / 100 == 2) {
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    private int post(Post p) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(p.url())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(p.body()))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = 0; i < senders; i++) {
            queue.add(STOP);
        }
        threads.shutdown();
        if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
            threads.shutdownNow();
        }
    }
}
