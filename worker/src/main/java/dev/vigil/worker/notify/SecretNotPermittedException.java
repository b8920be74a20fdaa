package dev.vigil.worker.notify;

/** A Secret a monitor names does not consent to the use ({@link SecretConsent}); its value was not used. */
public final class SecretNotPermittedException extends RuntimeException {

    public SecretNotPermittedException(String message) {
        super(message);
    }
}
