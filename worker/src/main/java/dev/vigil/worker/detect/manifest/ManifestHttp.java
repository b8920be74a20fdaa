package dev.vigil.worker.detect.manifest;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The manifest detector's HTTP: one JDK {@link HttpClient} for the whole process (one selector thread, two worker
 * threads, shared by every monitor), conditional GETs for playlists and HEADs for segment probes, each bounded by
 * a timeout, with at most {@value #MAX_REDIRECTS} redirects followed by hand so that each one passes
 * {@link ManifestUrls}. Credentials in the source URL become a Basic Authorization header sent only to the
 * source's own origin (scheme, host and port), never to a CDN a playlist points at.
 */
final class ManifestHttp {

    static final int MAX_REDIRECTS = 5;
    /** A playlist or MPD larger than this is refused (a live window is a few kilobytes). */
    static final int MAX_BODY_BYTES = 4 << 20;

    private static final ExecutorService WORKERS =
            new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon());
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(WORKERS)
            .build();

    /** A playlist read: {@code notModified} for a 304; {@code body} only for a 200. */
    record Response(int status, byte[] body, String etag, String lastModified, URI uri) {

        boolean ok() {
            return status == 200 && body != null;
        }

        boolean notModified() {
            return status == 304;
        }
    }

    private final URI origin;
    private final String authorization;
    private final Duration timeout;
    private final AtomicLong requests = new AtomicLong();

    /** @param source the source URL; user info in it is taken out and sent as Basic credentials to its origin */
    ManifestHttp(URI source, Duration timeout) {
        this.origin = withoutUserInfo(source);
        this.authorization = basic(source.getRawUserInfo());
        this.timeout = timeout;
    }

    /** The source URL without credentials: the base every listed URI is resolved against. */
    URI base() {
        return origin;
    }

    /**
     * A URI for the decoder: as the playlist names it, without credentials; the source policy adds the source's
     * credentials when it opens it, and only for the source's own origin.
     */
    String forDecoder(URI uri) {
        return withoutUserInfo(uri).toString();
    }

    /** Requests sent so far (for the cost figures). */
    long requests() {
        return requests.get();
    }

    CompletableFuture<Response> get(URI uri, String etag, String lastModified) {
        return send(uri, "GET", etag, lastModified, 0)
                .thenApply(r ->
                        new Response(r.statusCode(), r.body(), header(r, "ETag"), header(r, "Last-Modified"), r.uri()));
    }

    /** The status of a HEAD (or, where HEAD is not allowed, a one-byte GET) of a segment. */
    CompletableFuture<Integer> probe(URI uri) {
        return send(uri, "HEAD", null, null, 0)
                .thenCompose(r -> r.statusCode() == 405 || r.statusCode() == 501
                        ? send(uri, "GET1", null, null, 0).thenApply(HttpResponse::statusCode)
                        : CompletableFuture.completedFuture(r.statusCode()));
    }

    private CompletableFuture<HttpResponse<byte[]>> send(
            URI uri, String method, String etag, String lastModified, int hops) {
        URI target = withoutUserInfo(uri);
        HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(timeout).header("User-Agent", "vigil-manifest");
        switch (method) {
            case "HEAD" -> b.method("HEAD", HttpRequest.BodyPublishers.noBody());
            case "GET1" -> b.GET().header("Range", "bytes=0-0");
            default -> b.GET();
        }
        if (etag != null) {
            b.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            b.header("If-Modified-Since", lastModified);
        }
        if (authorization != null && sameOrigin(target, origin)) {
            b.header("Authorization", authorization);
        }
        requests.incrementAndGet();
        boolean wantBody = method.equals("GET");
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            sent = CLIENT.sendAsync(
                    b.build(),
                    info -> info.statusCode() == 200 && wantBody
                            ? new Limited(MAX_BODY_BYTES)
                            : HttpResponse.BodySubscribers.replacing(null));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new ManifestException("cannot request " + describe(target)));
        }
        // the request timeout covers the wait for the headers; this bounds a body that trickles in
        return sent.orTimeout(timeout.toMillis() * 2, TimeUnit.MILLISECONDS).thenCompose(r -> {
            if (isRedirect(r.statusCode())) {
                String location = header(r, "Location");
                if (location == null) {
                    return CompletableFuture.completedFuture(r);
                }
                if (hops >= MAX_REDIRECTS) {
                    return CompletableFuture.failedFuture(
                            new ManifestException("more than " + MAX_REDIRECTS + " redirects"));
                }
                try {
                    return send(ManifestUrls.redirect(target, location), method, etag, lastModified, hops + 1);
                } catch (ManifestException refused) {
                    return CompletableFuture.failedFuture(refused);
                }
            }
            return CompletableFuture.completedFuture(r);
        });
    }

    /** A one-line reason for a failed request, never with credentials or the full URL. */
    static String reason(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e.getCause() instanceof HttpTimeoutException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof HttpTimeoutException || e instanceof TimeoutException) {
            return "timed out";
        }
        if (e instanceof ManifestException) {
            return e.getMessage();
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + firstLine(m));
    }

    static String describe(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        int slash = path.lastIndexOf('/');
        return slash >= 0 && slash < path.length() - 1 ? path.substring(slash + 1) : path;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    static URI withoutUserInfo(URI u) {
        if (u.getRawUserInfo() == null) {
            return u;
        }
        try {
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), null);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("bad URI", e);
        }
    }

    private static String basic(String rawUserInfo) {
        if (rawUserInfo == null || rawUserInfo.isEmpty()) {
            return null;
        }
        String decoded = URLDecoder.decode(rawUserInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "vigil-manifest-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Collects a body up to a limit, then gives up on it (the read counts as failed). */
    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {

        private final int limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Limited(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = Objects.requireNonNull(s);
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                if (bytes.size() + b.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new ManifestException("larger than " + (limit >> 20) + " MiB"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
