package dev.vigil.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vigil.api.v1alpha1.DecodeProfile;
import io.fabric8.generator.annotation.Default;
import java.util.Objects;

/**
 * How a pool's workers decode video: the profile, and whether a stream in economy or keyframes decoding switches to
 * full decoding for a while when something looks wrong (escalation). Changing it changes no pod: the workers
 * switch their running streams between packets.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"profile", "escalate"})
public class DecodeSpec {

    @Default("full")
    @JsonPropertyDescription("full (every picture), economy (only pictures others refer to, no loop filter; about"
            + " half the cost of full on broadcast IBBP encodes) or keyframes (one picture per GOP). Default full.")
    private DecodeProfile profile;

    @Default("true")
    @JsonPropertyDescription("economy and keyframes: switch a stream to full decoding while a decoder error,"
            + " transport error, suspected freeze, black picture or blocking is being measured, within the"
            + " escalation reserve of each worker. Default true.")
    private Boolean escalate;

    public DecodeProfile getProfile() {
        return profile;
    }

    public void setProfile(DecodeProfile profile) {
        this.profile = profile;
    }

    public Boolean getEscalate() {
        return escalate;
    }

    public void setEscalate(Boolean escalate) {
        this.escalate = escalate;
    }

    /** The profile, full when not set. */
    public DecodeProfile profileOrDefault() {
        return profile == null ? DecodeProfile.FULL : profile;
    }

    /** Whether streams escalate: true when not set, never for full decoding. */
    public boolean escalates() {
        return profileOrDefault() != DecodeProfile.FULL && !Boolean.FALSE.equals(escalate);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        DecodeSpec that = (DecodeSpec) o;
        return profile == that.profile && Objects.equals(escalate, that.escalate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(profile, escalate);
    }

    @Override
    public String toString() {
        return "DecodeSpec{profile=" + profile + ", escalate=" + escalate + "}";
    }
}
