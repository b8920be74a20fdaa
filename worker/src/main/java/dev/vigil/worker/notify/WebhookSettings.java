package dev.vigil.worker.notify;

import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * How one worker delivers webhooks.
 *
 * @param queueCapacity  deliveries waiting (new ones and retries) at most; when full the oldest is dropped
 * @param senders        threads sending at once
 * @param connectTimeout TCP (and TLS) connect
 * @param requestTimeout from sending the request to the end of the response
 * @param tls            whom https webhooks are trusted as (null: the JVM's default trust store)
 */
public record WebhookSettings(
        int queueCapacity,
        int senders,
        Duration connectTimeout,
        Duration requestTimeout,
        RetryPolicy retry,
        SSLContext tls) {

    public static WebhookSettings defaults() {
        return new WebhookSettings(
                1000, 4, Duration.ofSeconds(5), Duration.ofSeconds(10), RetryPolicy.defaults(), null);
    }

    public WebhookSettings withQueue(int capacity, int senderThreads) {
        return new WebhookSettings(capacity, senderThreads, connectTimeout, requestTimeout, retry, tls);
    }

    public WebhookSettings withTimeouts(Duration connect, Duration request) {
        return new WebhookSettings(queueCapacity, senders, connect, request, retry, tls);
    }

    public WebhookSettings withRetry(RetryPolicy policy) {
        return new WebhookSettings(queueCapacity, senders, connectTimeout, requestTimeout, policy, tls);
    }

    /** Trust https webhooks as {@code context} says (e.g. a private CA of in-cluster receivers). */
    public WebhookSettings withTls(SSLContext context) {
        return new WebhookSettings(queueCapacity, senders, connectTimeout, requestTimeout, retry, context);
    }
}
