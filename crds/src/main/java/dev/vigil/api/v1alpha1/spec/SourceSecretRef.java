package dev.vigil.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * A Secret in the monitor's namespace with the source's credentials. Each key names an entry of the
 * Secret; a key that is not set falls back to its default name, and an entry missing from the Secret is
 * not used. The username and password go to the protocol's authentication (HTTP, RTMP, RTSP); the
 * passphrase is SRT's encryption passphrase. The Secret must consent to this use with the label
 * {@code vigil.dev/usage: source} ({@link dev.vigil.api.v1alpha1.SecretUsage}); the worker refuses any other.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "usernameKey", "passwordKey", "passphraseKey"})
public class SourceSecretRef {

    public static final String DEFAULT_USERNAME_KEY = "username";
    public static final String DEFAULT_PASSWORD_KEY = "password";
    public static final String DEFAULT_PASSPHRASE_KEY = "passphrase";

    @Required
    @Size(min = 1, max = 253)
    @JsonPropertyDescription("Name of the Secret; it must carry the label vigil.dev/usage: source.")
    private String name;

    @JsonPropertyDescription("Entry holding the user name. Default: username.")
    private String usernameKey;

    @JsonPropertyDescription("Entry holding the password. Default: password.")
    private String passwordKey;

    @JsonPropertyDescription("Entry holding the SRT passphrase. Default: passphrase.")
    private String passphraseKey;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getUsernameKey() {
        return usernameKey;
    }

    public void setUsernameKey(String usernameKey) {
        this.usernameKey = usernameKey;
    }

    public String getPasswordKey() {
        return passwordKey;
    }

    public void setPasswordKey(String passwordKey) {
        this.passwordKey = passwordKey;
    }

    public String getPassphraseKey() {
        return passphraseKey;
    }

    public void setPassphraseKey(String passphraseKey) {
        this.passphraseKey = passphraseKey;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        SourceSecretRef that = (SourceSecretRef) o;
        return Objects.equals(name, that.name)
                && Objects.equals(usernameKey, that.usernameKey)
                && Objects.equals(passwordKey, that.passwordKey)
                && Objects.equals(passphraseKey, that.passphraseKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, usernameKey, passwordKey, passphraseKey);
    }

    @Override
    public String toString() {
        return "SourceSecretRef{name=" + name + ", usernameKey=" + usernameKey + ", passwordKey=" + passwordKey
                + ", passphraseKey=" + passphraseKey + "}";
    }
}
