package dev.ecomstream.generator;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.ecomstream.testkit.PackageCycles;

/**
 * The generator module's layering, checked on its compiled classes: no cycles between its packages. A failure
 * names the classes and the dependencies that close the cycle; move the code to the package that owns that
 * concern rather than widening the rule.
 */
@AnalyzeClasses(packages = "dev.ecomstream.generator", importOptions = ImportOption.DoNotIncludeTests.class)
class GeneratorArchitectureTest {

    @ArchTest
    static final ArchRule packagesHaveNoCycles = PackageCycles.noCyclesUnder("dev.ecomstream.generator");
}
