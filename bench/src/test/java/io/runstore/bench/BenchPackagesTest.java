package io.runstore.bench;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The benchmarks' packages depend on each other without a cycle, as every module's do (see ArchitectureTest). */
class BenchPackagesTest {

    @Test
    void noCycleBetweenTheBenchmarksPackages() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.runstore.bench");
        slices().matching("io.runstore.bench.(*)..").should().beFreeOfCycles().check(classes);
    }
}
