package dev.vigil.operator;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The operator's packages depend on each other in one direction only: {@code scheduling} (pure) at the bottom, then
 * {@code membership}, {@code pool}, {@code placement}, and {@code app} (the Quarkus wiring) on top; {@code config}
 * holds settings only. A cycle means two packages can no longer be understood, tested or moved apart.
 */
class PackageCyclesTest {

    private static ArchRule noCyclesBetweenPackagesOf(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    @Test
    void operatorPackagesHaveNoCycles() {
        JavaClasses operator = new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("dev.vigil.operator");
        noCyclesBetweenPackagesOf("dev.vigil.operator").check(operator);
    }

    @Test
    void theRuleReportsACycle() {
        // two test-only packages that import each other: the same rule must refuse them
        JavaClasses fixture = new ClassFileImporter().importPackages("dev.vigil.archfixture.cycle");
        assertThatThrownBy(() ->
                        noCyclesBetweenPackagesOf("dev.vigil.archfixture.cycle").check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected");
    }
}
