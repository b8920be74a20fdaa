package dev.vigil.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.api.v1alpha1.validation.Rules;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** One webhook endpoint. Credentials (secretRef) only over https. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"url", "secretRef"})
@ValidationRule(value = Rules.WEBHOOK_CREDENTIALS, message = Rules.WEBHOOK_CREDENTIALS_MESSAGE)
public class WebhookSpec {

    @Required
    @Size(min = 1, max = SourceSpec.MAX_URL_LENGTH)
    @ValidationRule(value = Rules.WEBHOOK_URL, message = Rules.WEBHOOK_URL_MESSAGE)
    @JsonPropertyDescription("http:// or https:// URL to POST to (https:// when secretRef is set).")
    private String url;

    @JsonPropertyDescription("Secret entry whose value is sent as the Authorization header"
            + " (for example \"Bearer <token>\"), over https only. The Secret must consent: label"
            + " vigil.dev/usage: webhook.")
    private SecretKeyRef secretRef;

    public WebhookSpec() {}

    public WebhookSpec(String url) {
        this.url = url;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public SecretKeyRef getSecretRef() {
        return secretRef;
    }

    public void setSecretRef(SecretKeyRef secretRef) {
        this.secretRef = secretRef;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        WebhookSpec that = (WebhookSpec) o;
        return Objects.equals(url, that.url) && Objects.equals(secretRef, that.secretRef);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, secretRef);
    }

    @Override
    public String toString() {
        return "WebhookSpec{url=" + url + ", secretRef=" + secretRef + "}";
    }
}
