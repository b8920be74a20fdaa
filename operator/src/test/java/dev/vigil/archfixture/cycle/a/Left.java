package dev.vigil.archfixture.cycle.a;

import dev.vigil.archfixture.cycle.b.Right;

/** Half of a deliberate package cycle, for the test that shows the cycle rule can fail. */
public final class Left {

    public Right right() {
        return new Right();
    }
}
