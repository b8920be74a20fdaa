package dev.vigil.worker.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.vigil.worker.architecture.cycle.a.First;
import dev.vigil.worker.architecture.cycle.b.Second;
import dev.vigil.worker.testing.PackageCycles;
import dev.vigil.worker.testing.PackageCycles.FrozenDependency;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No package cycles in the worker's main classes: a package may depend on another only if that one does not
 * depend back, directly or through others ({@link PackageCycles}).
 */
class PackageCyclesTest {

    static final String WORKER = "dev.vigil.worker";

    /**
     * Cycles that exist today in packages being restructured (detect, and with it session, source, media, status,
     * cluster), frozen so that the check passes meanwhile. Add nothing here: remove an entry once its cycle is gone
     * ({@link #everyFrozenDependencyStillExists} says when), and delete the list once it is empty.
     */
    static final List<FrozenDependency> FROZEN_CYCLES = List.of();

    static JavaClasses worker;

    @BeforeAll
    static void importMainClasses() {
        worker = PackageCycles.mainClasses(WORKER);
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        PackageCycles.rule(WORKER, FROZEN_CYCLES).check(worker);
    }

    @Test
    void everyFrozenDependencyStillExists() {
        assertThat(FROZEN_CYCLES)
                .allSatisfy(frozen -> assertThat(frozen.existsIn(worker))
                        .as(
                                "%s no longer depends on %s: delete its entry from FROZEN_CYCLES",
                                frozen.originClass(), frozen.targetPackage())
                        .isTrue());
    }

    @Test
    void theRuleSeesACycleAndAFrozenDependencyBreaksIt() {
        String root = WORKER + ".architecture.cycle";
        JavaClasses cyclic = new ClassFileImporter().importClasses(First.class, Second.class);

        assertThat(PackageCycles.rule(root, List.of()).evaluate(cyclic).hasViolation())
                .isTrue();
        assertThat(PackageCycles.rule(root, List.of(new FrozenDependency(First.class.getName(), root + ".b")))
                        .evaluate(cyclic)
                        .hasViolation())
                .isFalse();
    }
}
