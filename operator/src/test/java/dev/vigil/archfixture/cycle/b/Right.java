package dev.vigil.archfixture.cycle.b;

import dev.vigil.archfixture.cycle.a.Left;

/** The other half of a deliberate package cycle. */
public final class Right {

    public Left left() {
        return new Left();
    }
}
