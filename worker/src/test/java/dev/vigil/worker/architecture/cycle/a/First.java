package dev.vigil.worker.architecture.cycle.a;

import dev.vigil.worker.architecture.cycle.b.Second;

/** Half of a package cycle for {@code PackageCyclesTest} to find (test sources only). */
public final class First {

    public Second next() {
        return new Second();
    }
}
