package dev.vigil.worker.testing;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceRule;
import java.util.List;

/**
 * The package-graph check of the worker and the tools (ArchUnit): no package may depend on itself through
 * others. Every package is a node of its own, subpackages included, since Java packages do not nest.
 */
public final class PackageCycles {

    private PackageCycles() {}

    /** The main classes under {@code root}, without tests (tests may reach across packages). */
    public static JavaClasses mainClasses(String root) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(root);
    }

    /** No cycles among the packages under {@code root}, except through the {@code frozen} dependencies. */
    public static ArchRule rule(String root, List<FrozenDependency> frozen) {
        SliceRule rule = slices().matching(root + ".(**)").should().beFreeOfCycles();
        for (FrozenDependency f : frozen) {
            rule = rule.ignoreDependency(f.origin(), f.target());
        }
        return rule;
    }

    /**
     * A known cycle, tolerated until the code it runs through is restructured: the dependencies of one class (and
     * its nested classes) on the classes of one package are left out of the check. Every other dependency of
     * either package is still checked.
     */
    public record FrozenDependency(String originClass, String targetPackage) {

        DescribedPredicate<JavaClass> origin() {
            return DescribedPredicate.describe(
                    "class " + originClass,
                    c -> c.getName().equals(originClass) || c.getName().startsWith(originClass + "$"));
        }

        DescribedPredicate<JavaClass> target() {
            return DescribedPredicate.describe(
                    "package " + targetPackage, c -> c.getPackageName().equals(targetPackage));
        }

        /** Whether {@code classes} still have a dependency this entry leaves out (else the entry is stale). */
        public boolean existsIn(JavaClasses classes) {
            return classes.stream()
                    .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                    .anyMatch(this::matches);
        }

        private boolean matches(Dependency d) {
            return origin().test(d.getOriginClass()) && target().test(d.getTargetClass());
        }
    }
}
