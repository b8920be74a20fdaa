package dev.vigil.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.api.v1alpha1.DecodeProfile;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * How the worker decodes the stream's video: the pool's profile, what it decodes now (full while escalated), why,
 * and how often it escalated. Written when the decoding changes, with the other stream facts.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"profile", "current", "reason", "escalations", "refused"})
public class DecodeInfo {

    @JsonPropertyDescription("The pool's decode profile: full, economy or keyframes.")
    private DecodeProfile profile;

    @JsonPropertyDescription("What is decoded now: the profile, full while escalated, or economy for keyframes on a"
            + " stream whose key pictures are too far apart.")
    private DecodeProfile current;

    @Size(max = 64)
    @JsonPropertyDescription("Why the stream is not decoded in its profile now: escalated to full decoding"
            + " (decodeErrors, transport, freeze, black, blockiness, codedSizeDrop), or decoded in economy instead of"
            + " keyframes (sparseKeyPictures); absent when it is decoded in its profile.")
    private String reason;

    @JsonPropertyDescription("Escalations to full decoding since the worker started watching the stream.")
    private Long escalations;

    @JsonPropertyDescription("Escalations the worker refused because its escalation reserve was in use.")
    private Long refused;

    public DecodeProfile getProfile() {
        return profile;
    }

    public void setProfile(DecodeProfile profile) {
        this.profile = profile;
    }

    public DecodeProfile getCurrent() {
        return current;
    }

    public void setCurrent(DecodeProfile current) {
        this.current = current;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public Long getEscalations() {
        return escalations;
    }

    public void setEscalations(Long escalations) {
        this.escalations = escalations;
    }

    public Long getRefused() {
        return refused;
    }

    public void setRefused(Long refused) {
        this.refused = refused;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        DecodeInfo that = (DecodeInfo) o;
        return profile == that.profile
                && current == that.current
                && Objects.equals(reason, that.reason)
                && Objects.equals(escalations, that.escalations)
                && Objects.equals(refused, that.refused);
    }

    @Override
    public int hashCode() {
        return Objects.hash(profile, current, reason, escalations, refused);
    }

    @Override
    public String toString() {
        return "DecodeInfo{profile=" + profile + ", current=" + current + ", reason=" + reason + ", escalations="
                + escalations + ", refused=" + refused + "}";
    }
}
