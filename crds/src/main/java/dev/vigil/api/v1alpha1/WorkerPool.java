package dev.vigil.api.v1alpha1;

import dev.vigil.api.v1alpha1.spec.WorkerPoolSpec;
import dev.vigil.api.v1alpha1.status.WorkerPoolStatus;
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

/** Workers that run a set of detectors, scaled between minWorkers and maxWorkers to the monitors placed. */
@Group(VigilApi.GROUP)
@Version(VigilApi.VERSION)
@Plural("workerpools")
@Singular("workerpool")
@ShortNames("wp")
@Categories(VigilApi.CATEGORY)
@AdditionalPrinterColumn(
        name = "Workers",
        type = Type.INTEGER,
        jsonPath = ".status.readyWorkers",
        getDescription = "Ready workers")
@AdditionalPrinterColumn(
        name = "Desired",
        type = Type.INTEGER,
        jsonPath = ".status.desiredWorkers",
        priority = 1,
        getDescription = "Workers wanted for the current demand")
@AdditionalPrinterColumn(
        name = "Used",
        type = Type.NUMBER,
        jsonPath = ".status.capacityUsed",
        getDescription = "Stream units placed")
@AdditionalPrinterColumn(
        name = "Total",
        type = Type.NUMBER,
        jsonPath = ".status.capacityTotal",
        getDescription = "Stream units the ready workers can take")
@AdditionalPrinterColumn(name = "Monitors", type = Type.INTEGER, jsonPath = ".status.monitorsPlaced")
@AdditionalPrinterColumn(
        name = "Ready",
        type = Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", type = Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class WorkerPool extends CustomResource<WorkerPoolSpec, WorkerPoolStatus> implements Namespaced {

    public static final String KIND = "WorkerPool";
    public static final String PLURAL = "workerpools";
    public static final String SHORT_NAME = "wp";

    public WorkerPool() {}

    public WorkerPool(String namespace, String name, WorkerPoolSpec spec) {
        getMetadata().setNamespace(namespace);
        getMetadata().setName(name);
        setSpec(spec);
    }
}
