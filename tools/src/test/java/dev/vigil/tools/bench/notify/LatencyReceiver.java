package dev.vigil.tools.bench.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook endpoint on loopback that notes when each CloudEvent arrives. Requests go to
 * {@code /<behaviour>/<run>}: {@code ok} answers 204 at once, {@code slow} after a fixed delay, {@code flaky}
 * answers 503 to the first attempt of each event and 204 to the next. An event is matched by the sequence number
 * the benchmark puts in its data ({@code data.detail.seq}); the arrival time is taken once the body is read, before
 * answering, so it is when the receiver has the request.
 */
final class LatencyReceiver implements AutoCloseable {

    /** What arrived for one run: per sequence number, the first accepted arrival and the attempts made. */
    static final class Run {
        final Map<Long, Long> firstAccepted = new ConcurrentHashMap<>();
        final Map<Long, Integer> accepted = new ConcurrentHashMap<>();
        final Map<Long, Integer> attempts = new ConcurrentHashMap<>();

        int acceptedCount() {
            return firstAccepted.size();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bench-receiver");
        t.setDaemon(true);
        return t;
    });
    private final long slowMillis;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final AtomicInteger unmatched = new AtomicInteger();

    LatencyReceiver(long slowMillis) throws IOException {
        this.slowMillis = slowMillis;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url(String behaviour, String run) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + behaviour + "/" + run);
    }

    Run run(String run) {
        return runs.computeIfAbsent(run, r -> new Run());
    }

    /** Requests whose body carried no sequence number: never expected. */
    int unmatched() {
        return unmatched.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        long at = System.nanoTime();
        String[] path = exchange.getRequestURI().getPath().split("/");
        Long seq = seq(body);
        if (path.length != 3 || seq == null) {
            unmatched.incrementAndGet();
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
            return;
        }
        Run run = run(path[2]);
        int attempt = run.attempts.merge(seq, 1, Integer::sum);
        int status = 204;
        switch (path[1]) {
            case "slow" -> sleep(slowMillis);
            case "flaky" -> status = attempt == 1 ? 503 : 204;
            default -> {}
        }
        if (status == 204) {
            run.firstAccepted.putIfAbsent(seq, at);
            run.accepted.merge(seq, 1, Integer::sum);
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static Long seq(byte[] body) {
        try {
            JsonNode seq = JSON.readTree(body).at("/data/detail/seq");
            return seq.isIntegralNumber() ? seq.asLong() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
