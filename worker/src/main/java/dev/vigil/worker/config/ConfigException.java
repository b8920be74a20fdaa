package dev.vigil.worker.config;

/** A configuration the user wrote that Vigil cannot use; the message says what and where. */
public class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
