package dev.vigil.worker.live;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/** Serves a folder over HTTP on loopback: the origin for HLS/DASH tests. */
final class StaticHttpServer implements AutoCloseable {

    private final HttpServer server;

    private StaticHttpServer(HttpServer server) {
        this.server = server;
    }

    static StaticHttpServer serve(Path root) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        s.setExecutor(Executors.newFixedThreadPool(4));
        s.createContext("/", exchange -> {
            Path file = root.resolve(exchange.getRequestURI().getPath().substring(1))
                    .normalize();
            try {
                byte[] body = file.startsWith(root) ? Files.readAllBytes(file) : null;
                if (body == null) {
                    throw new NoSuchFileException(file.toString());
                }
                String name = file.getFileName().toString();
                exchange.getResponseHeaders()
                        .add(
                                "Content-Type",
                                name.endsWith(".m3u8")
                                        ? "application/vnd.apple.mpegurl"
                                        : name.endsWith(".mpd") ? "application/dash+xml" : "video/mp2t");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (NoSuchFileException e) {
                exchange.sendResponseHeaders(404, -1);
            } finally {
                exchange.close();
            }
        });
        s.start();
        return new StaticHttpServer(s);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
