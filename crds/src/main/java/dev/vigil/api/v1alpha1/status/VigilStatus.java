package dev.vigil.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What every Vigil status starts with: the generation it reflects and the conditions. {@code Ready} is
 * always written (True or False), so generic tools (kstatus, Argo CD, Flux) read health from it.
 */
public abstract class VigilStatus {

    @JsonPropertyDescription("metadata.generation of the spec this status reflects.")
    private Long observedGeneration;

    @JsonPropertyDescription("Current state, one entry per type: Ready always, other types by kind.")
    private List<Condition> conditions;

    /** The condition of the given type, if present. */
    public Optional<Condition> findCondition(String type) {
        return conditions == null
                ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        VigilStatus that = (VigilStatus) o;
        return Objects.equals(observedGeneration, that.observedGeneration)
                && Objects.equals(conditions, that.conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, conditions);
    }

    @Override
    public String toString() {
        return "VigilStatus{observedGeneration=" + observedGeneration + ", conditions=" + conditions + "}";
    }
}
