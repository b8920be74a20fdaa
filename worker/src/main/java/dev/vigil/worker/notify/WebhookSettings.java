package dev.vigil.worker.notify;

import java.time.Duration;

/**
 * How one worker delivers webhooks.
 *
 * @param queueCapacity  deliveries waiting (new ones and retries) at most; when full the oldest is dropped
 * @param senders        threads sending at once
 * @param connectTimeout TCP (and TLS) connect
 * @param requestTimeout from sending the request to the end of the response
 */
public record WebhookSettings(int queueCapacity, int senders, Duration connectTimeout, Duration requestTimeout,
                              RetryPolicy retry) {

    public static WebhookSettings defaults() {
        return new WebhookSettings(1000, 4, Duration.ofSeconds(5), Duration.ofSeconds(10), RetryPolicy.defaults());
    }

    public WebhookSettings withQueue(int capacity, int senderThreads) {
        return new WebhookSettings(capacity, senderThreads, connectTimeout, requestTimeout, retry);
    }

    public WebhookSettings withTimeouts(Duration connect, Duration request) {
        return new WebhookSettings(queueCapacity, senders, connect, request, retry);
    }

    public WebhookSettings withRetry(RetryPolicy policy) {
        return new WebhookSettings(queueCapacity, senders, connectTimeout, requestTimeout, policy);
    }
}
