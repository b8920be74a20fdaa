package dev.vigil.worker.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The worker's HTTP endpoints, on the JDK's own HTTP server (no framework):
 * {@code /metrics} (Prometheus text format 0.0.4 of the given registry), {@code /healthz} (liveness: 200 while
 * the liveness probe passes) and {@code /readyz} (readiness: 200 when the readiness probe passes, else 503 with
 * the reason as the body). GET and HEAD only.
 */
public final class MetricsServer implements AutoCloseable {

    public static final int DEFAULT_PORT = 8080;
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on all interfaces on {@code port} (0: any free port); liveness passes while the process serves. */
    public static MetricsServer start(int port, PrometheusMeterRegistry registry, Supplier<ProbeResult> readiness)
            throws IOException {
        return start(new InetSocketAddress(port), registry, ProbeResult::pass, readiness);
    }

    public static MetricsServer start(
            InetSocketAddress address,
            PrometheusMeterRegistry registry,
            Supplier<ProbeResult> liveness,
            Supplier<ProbeResult> readiness)
            throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "vigil-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", ex -> respond(ex, 200, PROMETHEUS_TEXT, registry::scrape));
        server.createContext("/healthz", ex -> probe(ex, liveness));
        server.createContext("/readyz", ex -> probe(ex, readiness));
        server.start();
        return new MetricsServer(server, executor);
    }

    /** The port actually bound (useful when started on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void probe(HttpExchange ex, Supplier<ProbeResult> probe) throws IOException {
        ProbeResult result;
        try {
            result = probe.get();
        } catch (RuntimeException e) {
            result = ProbeResult.fail("probe failed: " + e.getClass().getSimpleName());
        }
        String body = result.reason() + "\n";
        respond(ex, result.passed() ? 200 : 503, "text/plain; charset=utf-8", () -> body);
    }

    private static void respond(HttpExchange ex, int status, String contentType, Supplier<String> body)
            throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            boolean head = "HEAD".equals(method);
            if (!head && !"GET".equals(method)) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                ex.sendResponseHeaders(405, -1);
                return;
            }
            if (!isExact(ex)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            if (head) {
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The JDK server matches contexts by prefix; only the exact paths exist. */
    private static boolean isExact(HttpExchange ex) {
        return ex.getRequestURI().getPath().equals(ex.getHttpContext().getPath());
    }
}
