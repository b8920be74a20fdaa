package dev.vigil.api.v1alpha1;

/**
 * How a Secret consents to being used by StreamMonitors: a monitor may only use a Secret that carries the label
 * {@code vigil.dev/usage} with the value of the use ({@code source} for a source's credentials, {@code webhook}
 * for a webhook's Authorization header). Without it, edit rights on monitors would amount to read rights on every
 * Secret of the namespace.
 */
public final class SecretUsage {

    public static final String LABEL = "vigil.dev/usage";
    /** Credentials of a source (user name, password, SRT passphrase). */
    public static final String SOURCE = "source";
    /** The Authorization header of a webhook. */
    public static final String WEBHOOK = "webhook";

    private SecretUsage() {}
}
