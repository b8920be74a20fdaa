package dev.vigil.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A one-word summary of a monitor for people ({@code kubectl get sm}), derived from the conditions; the
 * conditions are the source of truth.
 */
public enum Health {
    /** Stream up, no active defect. */
    @JsonProperty("Healthy")
    HEALTHY,
    /** Stream up with at least one active defect. */
    @JsonProperty("Degraded")
    DEGRADED,
    /** Stream unreachable, or up but delivering no media (stall). */
    @JsonProperty("Down")
    DOWN,
    /** Not watched yet: not scheduled, connecting, or suspended. */
    @JsonProperty("Pending")
    PENDING
}
