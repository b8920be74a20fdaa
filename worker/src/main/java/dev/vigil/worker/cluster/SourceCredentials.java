package dev.vigil.worker.cluster;

import dev.vigil.api.v1alpha1.SecretUsage;
import dev.vigil.api.v1alpha1.spec.SourceSecretRef;
import dev.vigil.worker.notify.SecretConsent;
import dev.vigil.worker.source.InputCredentials;
import dev.vigil.worker.source.Protocol;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A source's credentials from the Secret its monitor names (read by name: the worker may get, not list or
 * watch, Secrets), used only if the Secret consents with the label {@code vigil.dev/usage: source}
 * ({@link SecretConsent}). The user name and password go into the URL's user info, which FFmpeg uses for HTTP,
 * RTMP and RTSP authentication; the passphrase becomes SRT's {@code passphrase} option. The values never leave
 * the session's configuration: {@link #redact} removes them from any text that could be logged or written.
 */
public record SourceCredentials(String username, String password, String passphrase) {

    public static final SourceCredentials NONE = new SourceCredentials(null, null, null);

    /** Thrown when the Secret cannot be read; the message names the Secret, never its contents. */
    public static class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }

    /** Thrown when a Secret the monitor names does not consent to the use; its values were not used. */
    public static final class NotPermitted extends Unavailable {
        public NotPermitted(String message) {
            super(message);
        }
    }

    public static SourceCredentials read(KubernetesClient client, String namespace, SourceSecretRef ref)
            throws Unavailable {
        if (ref == null) {
            return NONE;
        }
        Secret secret;
        try {
            secret = client.secrets()
                    .inNamespace(namespace)
                    .withName(ref.getName())
                    .get();
        } catch (RuntimeException e) {
            throw new Unavailable("cannot read Secret '" + ref.getName() + "' ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (secret == null) {
            throw new Unavailable("Secret '" + ref.getName() + "' not found in namespace " + namespace);
        }
        if (!SecretConsent.permits(secret, SecretUsage.SOURCE)) {
            throw new NotPermitted(SecretConsent.refusal(ref.getName(), SecretUsage.SOURCE));
        }
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        return new SourceCredentials(
                entry(data, ref.getUsernameKey(), SourceSecretRef.DEFAULT_USERNAME_KEY),
                entry(data, ref.getPasswordKey(), SourceSecretRef.DEFAULT_PASSWORD_KEY),
                entry(data, ref.getPassphraseKey(), SourceSecretRef.DEFAULT_PASSPHRASE_KEY));
    }

    /** The URL with user info set from the credentials (unchanged without a user name or password). */
    public String applyToUrl(String url) {
        return toInput(url).applyTo(url);
    }

    /**
     * What the source policy adds to {@code url} at the last step: the user info and the options that carry a
     * credential. Kept apart from the spec's URL and options so that the policy checks those as written.
     */
    public InputCredentials toInput(String url) {
        String userInfo = username == null && password == null
                ? null
                : encode(username == null ? "" : username) + (password == null ? "" : ":" + encode(password));
        return InputCredentials.forSource(url, userInfo, options(url));
    }

    /** FFmpeg options the credentials add: SRT's passphrase. */
    public Map<String, String> options(String url) {
        return passphrase != null && Protocol.of(url) == Protocol.SRT ? Map.of("passphrase", passphrase) : Map.of();
    }

    /** Replaces every credential value in {@code text} with ***. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        List<String> values = new ArrayList<>();
        for (String v : new String[] {password, passphrase, username}) {
            if (v != null && v.length() >= 3) {
                values.add(v);
                values.add(encode(v));
            }
        }
        for (String v : values) {
            out = out.replace(v, "***");
        }
        return out;
    }

    /** Never prints the values. */
    @Override
    public String toString() {
        return "SourceCredentials[username=" + (username == null ? "none" : "***") + ", password="
                + (password == null ? "none" : "***") + ", passphrase=" + (passphrase == null ? "none" : "***") + "]";
    }

    private static String entry(Map<String, String> data, String key, String defaultKey) {
        String value = data.get(key != null ? key : defaultKey);
        return value == null ? null : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
