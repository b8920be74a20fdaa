package dev.vigil.operator.config;

import io.javaoperatorsdk.operator.processing.event.rate.LinearRateLimiter;
import java.time.Duration;

/**
 * The one place reconcile rates are limited: at most {@link #MAX_RECONCILES} reconciliations of one resource
 * per {@link #PERIOD}. Used by every controller ({@code @ControllerConfiguration(rateLimiter = ...)}); the
 * placement loop coalesces on its own (debounce) and writes only changed status.
 */
public class OperatorRateLimiter extends LinearRateLimiter {

    public static final Duration PERIOD = Duration.ofSeconds(1);
    public static final int MAX_RECONCILES = 5;

    public OperatorRateLimiter() {
        super(PERIOD, MAX_RECONCILES);
    }
}
