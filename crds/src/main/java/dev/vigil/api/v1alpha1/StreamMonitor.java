package dev.vigil.api.v1alpha1;

import dev.vigil.api.v1alpha1.spec.StreamMonitorSpec;
import dev.vigil.api.v1alpha1.status.StreamMonitorStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** One live stream and the detectors that watch it. */
@Group(VigilApi.GROUP)
@Version(VigilApi.VERSION)
@Plural("streammonitors")
@Singular("streammonitor")
@ShortNames("sm")
@Categories(VigilApi.CATEGORY)
@AdditionalPrinterColumn(name = "Health", type = Type.STRING, jsonPath = ".status.health")
@AdditionalPrinterColumn(name = "Defects", type = Type.STRING, jsonPath = ".status.activeDefectTypes")
@AdditionalPrinterColumn(name = "Source", type = Type.STRING, jsonPath = ".spec.source.url")
@AdditionalPrinterColumn(name = "Worker", type = Type.STRING, jsonPath = ".status.worker")
@AdditionalPrinterColumn(
        name = "Ready",
        type = Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", type = Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class StreamMonitor extends CustomResource<StreamMonitorSpec, StreamMonitorStatus> implements Namespaced {

    public static final String KIND = "StreamMonitor";
    public static final String PLURAL = "streammonitors";
    public static final String SHORT_NAME = "sm";

    public StreamMonitor() {}

    public StreamMonitor(String namespace, String name, StreamMonitorSpec spec) {
        getMetadata().setNamespace(namespace);
        getMetadata().setName(name);
        setSpec(spec);
    }
}
