package dev.vigil.tools.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import dev.vigil.worker.testing.PackageCycles;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** No package cycles in the tools' main classes ({@link PackageCycles}, the worker's check). */
class PackageCyclesTest {

    static final String TOOLS = "dev.vigil.tools";

    static JavaClasses tools;

    @BeforeAll
    static void importMainClasses() {
        tools = PackageCycles.mainClasses(TOOLS);
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        PackageCycles.rule(TOOLS, List.of()).check(tools);
    }

    @Test
    void theCheckSeesEveryToolPackage() {
        assertThat(tools.stream().map(JavaClass::getPackageName).distinct())
                .contains(TOOLS, TOOLS + ".cli", TOOLS + ".bench", TOOLS + ".ml.data", TOOLS + ".ml.eval");
    }
}
