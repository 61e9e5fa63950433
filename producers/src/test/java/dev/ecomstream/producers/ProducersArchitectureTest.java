package dev.ecomstream.producers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.ecomstream.testkit.PackageCycles;

/**
 * The producers' layering, checked on their compiled classes: the role packages ({@code csv}, {@code convert},
 * {@code publish}, {@code cli}, {@code main}) without cycles, and Kafka's clients used by {@code publish} alone.
 * A failure names the class and the dependency that broke the rule; move the code to the package that owns that
 * concern rather than widening the rule.
 */
@AnalyzeClasses(packages = "dev.ecomstream.producers", importOptions = ImportOption.DoNotIncludeTests.class)
class ProducersArchitectureTest {

    private static final String PRODUCERS = "dev.ecomstream.producers";

    @ArchTest
    static final ArchRule packagesHaveNoCycles = PackageCycles.noCyclesUnder(PRODUCERS);

    @ArchTest
    static final ArchRule onlyThePublisherUsesTheKafkaClients = noClasses()
            .that().resideOutsideOfPackage(PRODUCERS + ".publish..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.clients..")
            .because("publish owns everything the producers need from Kafka: the producer and its settings, the "
                    + "admin client's broker check and topic creation. The command line hands it options, and "
                    + "convert builds record headers (org.apache.kafka.common), never a client");
}
