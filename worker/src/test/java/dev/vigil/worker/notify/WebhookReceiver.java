package dev.vigil.worker.notify;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.vigil.worker.testing.TestTls;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP (or HTTPS, with {@link TestTls}'s certificate) endpoint on loopback that records what it receives and
 * answers with a status chosen per request.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    record Received(Map<String, String> headers, byte[] body, long atNanos) {

        CloudEvent event() {
            return HttpMessageFactory.createReader(headers, body).toEvent();
        }

        String header(String name) {
            return headers.get(name);
        }
    }

    private final HttpServer server;
    private final boolean https;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release;

    /**
     * @param status   status for the n-th request (0-based)
     * @param holdFirst when true, the first request is answered only after {@link #release()}
     */
    WebhookReceiver(IntUnaryOperator status, boolean holdFirst) throws IOException {
        this(status, holdFirst, false);
    }

    WebhookReceiver(IntUnaryOperator status, boolean holdFirst, boolean https) throws IOException {
        this.release = new CountDownLatch(holdFirst ? 1 : 0);
        this.https = https;
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (https) {
            HttpsServer tls = HttpsServer.create(loopback, 0);
            tls.setHttpsConfigurator(new HttpsConfigurator(TestTls.server()));
            server = tls;
        } else {
            server = HttpServer.create(loopback, 0);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int index;
            synchronized (received) {
                index = received.size();
                received.add(new Received(headers, body, System.nanoTime()));
            }
            if (index == 0) {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(status.applyAsInt(index), -1);
            exchange.close();
        });
        server.start();
    }

    static WebhookReceiver answering(IntUnaryOperator status) throws IOException {
        return new WebhookReceiver(status, false);
    }

    /** Over TLS; a client must trust {@link TestTls#client()}. */
    static WebhookReceiver httpsAnswering(IntUnaryOperator status) throws IOException {
        return new WebhookReceiver(status, false, true);
    }

    URI url(String path) {
        return URI.create((https ? "https" : "http") + "://127.0.0.1:"
                + server.getAddress().getPort() + path);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    void release() {
        release.countDown();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
