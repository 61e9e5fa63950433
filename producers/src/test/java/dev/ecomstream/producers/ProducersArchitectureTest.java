package dev.ecomstream.producers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

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
    static final ArchRule packagesHaveNoCycles = slices()
            .assignedFrom(packagesUnder(PRODUCERS))
            .should().beFreeOfCycles()
            .because("each role package should be understandable and testable without the ones that use it");

    @ArchTest
    static final ArchRule onlyThePublisherUsesTheKafkaClients = noClasses()
            .that().resideOutsideOfPackage(PRODUCERS + ".publish..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.clients..")
            .because("publish owns everything the producers need from Kafka: the producer and its settings, the "
                    + "admin client's broker check and topic creation. The command line hands it options, and "
                    + "convert builds record headers (org.apache.kafka.common), never a client");

    /** One slice per package directly under {@code root}; the root package's own classes form a slice too. */
    static SliceAssignment packagesUnder(String root) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                if (name.equals(root)) {
                    return SliceIdentifier.of("(root)");
                }
                if (!name.startsWith(root + ".")) {
                    return SliceIdentifier.ignore();
                }
                String rest = name.substring(root.length() + 1);
                int dot = rest.indexOf('.');
                return SliceIdentifier.of(dot < 0 ? rest : rest.substring(0, dot));
            }

            @Override
            public String getDescription() {
                return "packages directly under " + root + " (and the root package itself)";
            }
        };
    }
}
