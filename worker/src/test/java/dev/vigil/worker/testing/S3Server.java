package dev.vigil.worker.testing;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.http.HttpResponseException;

/**
 * A real S3 server in the test JVM: S3Proxy (from Maven Central) on a loopback port with its transient
 * in-memory backend and AWS V2/V4 authentication. It can be told to answer the next uploads with HTTP 500 (as
 * an overloaded server does), and stopped to play a store that is down.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "vigil-test-access";
    public static final String SECRET_KEY = "vigil-test-secret-key-0123456789";

    private final BlobStoreContext context;
    private final FaultyStore store;
    private final S3Proxy proxy;

    private S3Server(BlobStoreContext context, FaultyStore store, S3Proxy proxy) {
        this.context = context;
        this.store = store;
        this.proxy = proxy;
    }

    /** Starts a server with these buckets. */
    public static S3Server start(String... buckets) throws Exception {
        BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .build(BlobStoreContext.class);
        FaultyStore store = new FaultyStore(context.getBlobStore());
        for (String b : buckets) {
            store.createContainerInLocation(null, b);
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return new S3Server(context, store, proxy);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** The next {@code n} uploads are answered with HTTP 500 InternalError. */
    public void failNextUploads(int n) {
        store.failures.set(n);
    }

    /** Uploads the server was asked for (including those it failed). */
    public int uploadAttempts() {
        return store.attempts.get();
    }

    /** The object, or null. */
    public Blob object(String bucket, String key) {
        return store.getBlob(bucket, key);
    }

    public byte[] bytes(String bucket, String key) throws Exception {
        Blob b = object(bucket, key);
        if (b == null) {
            return null;
        }
        try (var in = b.getPayload().openStream()) {
            return in.readAllBytes();
        }
    }

    /** User metadata of an object (keys without the x-amz-meta- prefix). */
    public Map<String, String> metadata(String bucket, String key) {
        return store.blobMetadata(bucket, key).getUserMetadata();
    }

    public java.util.List<String> keys(String bucket) {
        return store.list(bucket, org.jclouds.blobstore.options.ListContainerOptions.Builder.recursive()).stream()
                .map(m -> m.getName())
                .toList();
    }

    public void stop() throws Exception {
        proxy.stop();
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            context.close();
        }
    }

    /** The backend, answering uploads with an internal error while failures are left. */
    private static final class FaultyStore extends ForwardingBlobStore {
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger attempts = new AtomicInteger();

        FaultyStore(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public String putBlob(String container, Blob blob) {
            return putBlob(container, blob, PutOptions.NONE);
        }

        @Override
        public String putBlob(String container, Blob blob, PutOptions options) {
            attempts.incrementAndGet();
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new HttpResponseException("injected server error", null, null);
            }
            return super.putBlob(container, blob, options);
        }
    }
}
