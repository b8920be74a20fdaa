package dev.vigil.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A live HLS stream on loopback: the bundled FFmpeg encodes a moving test picture and a tone in real time
 * into a sliding playlist, served by a small HTTP origin. Black picture and silence come back on a fixed
 * schedule (every {@code period} seconds of the sender's timeline), so a watcher sees defects open and clear
 * again and again. HLS lets any number of workers read the same stream, as a CDN would.
 */
public final class LiveHlsStream implements AutoCloseable {

    private final HttpServer origin;
    private final ChildProcess sender;

    private LiveHlsStream(HttpServer origin, ChildProcess sender) {
        this.origin = origin;
        this.sender = sender;
    }

    /**
     * @param period    seconds between the starts of two defect windows
     * @param defectSec how long black picture and silence last in each window
     */
    public static LiveHlsStream start(VigilCommands vigil, Path dir, Path logDir, int period, int defectSec) {
        try {
            Files.createDirectories(dir);
            String window = String.format(Locale.ROOT, "between(mod(t,%d),%d,%d)", period, period - defectSec, period);
            String video = "testsrc2=size=320x240:rate=25,drawbox=color=black:t=fill:enable='" + window + "'";
            String audio = "sine=frequency=440:sample_rate=48000,volume=volume=0:enable='" + window + "'";
            ChildProcess sender = ChildProcess.start(
                    "hls-sender",
                    vigil.vigil(List.of(
                            "ffmpeg",
                            "-hide_banner",
                            "-loglevel",
                            "warning",
                            "-re",
                            "-f",
                            "lavfi",
                            "-i",
                            video,
                            "-f",
                            "lavfi",
                            "-i",
                            audio,
                            "-ac",
                            "2",
                            "-c:v",
                            "libopenh264",
                            "-b:v",
                            "300k",
                            "-g",
                            "25",
                            "-c:a",
                            "aac",
                            "-b:a",
                            "64k",
                            "-f",
                            "hls",
                            "-hls_time",
                            "1",
                            "-hls_list_size",
                            "6",
                            "-hls_flags",
                            "delete_segments+omit_endlist",
                            dir.resolve("live.m3u8").toString())),
                    Map.of(),
                    logDir);
            return new LiveHlsStream(serve(dir), sender);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + origin.getAddress().getPort() + "/live.m3u8";
    }

    public boolean isSending() {
        return sender.isAlive();
    }

    @Override
    public synchronized void close() {
        sender.close();
        origin.stop(0);
    }

    private static HttpServer serve(Path root) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "hls-origin");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            Path file = root.resolve(exchange.getRequestURI().getPath().substring(1))
                    .normalize();
            try {
                if (!file.startsWith(root)) {
                    throw new NoSuchFileException(file.toString());
                }
                byte[] body = Files.readAllBytes(file);
                exchange.getResponseHeaders()
                        .add(
                                "Content-Type",
                                file.toString().endsWith(".m3u8") ? "application/vnd.apple.mpegurl" : "video/mp2t");
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
        server.start();
        return server;
    }
}
