package dev.vigil.worker.notify;

import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.api.v1alpha1.VigilApi;
import java.net.URI;
import java.util.Objects;

/** The StreamMonitor a notification is about: enough to reference it, never its spec (which may hold URLs). */
public record MonitorRef(String namespace, String name, String uid) {

    public MonitorRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    public static MonitorRef of(StreamMonitor monitor) {
        return new MonitorRef(
                monitor.getMetadata().getNamespace(),
                monitor.getMetadata().getName(),
                monitor.getMetadata().getUid());
    }

    /** The monitor's API path, used as the CloudEvent {@code source}. */
    public URI apiPath() {
        return URI.create(
                "/apis/" + VigilApi.API_VERSION + "/namespaces/" + namespace + "/" + StreamMonitor.PLURAL + "/" + name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
