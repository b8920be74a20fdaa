package dev.vigil.worker.architecture.cycle.b;

import dev.vigil.worker.architecture.cycle.a.First;

/** The other half of the package cycle of {@link First}. */
public final class Second {

    public First back() {
        return new First();
    }
}
