package dev.vigil.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/** Where defects are reported besides the monitor's status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"events", "webhooks"})
public class NotifySpec {

    public static final int MAX_WEBHOOKS = 8;

    @Default("true")
    @JsonPropertyDescription("Emit Kubernetes Events on the monitor when a defect opens or clears. Default true.")
    private Boolean events;

    @Size(max = MAX_WEBHOOKS)
    @JsonPropertyDescription("Endpoints that receive a CloudEvent (JSON, HTTP POST) when a defect opens or clears.")
    private List<WebhookSpec> webhooks;

    public Boolean getEvents() {
        return events;
    }

    public void setEvents(Boolean events) {
        this.events = events;
    }

    public List<WebhookSpec> getWebhooks() {
        return webhooks;
    }

    public void setWebhooks(List<WebhookSpec> webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        NotifySpec that = (NotifySpec) o;
        return Objects.equals(events, that.events) && Objects.equals(webhooks, that.webhooks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(events, webhooks);
    }

    @Override
    public String toString() {
        return "NotifySpec{events=" + events + ", webhooks=" + webhooks + "}";
    }
}
