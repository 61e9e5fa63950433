package dev.ecomstream.sink;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.ecomstream.sink.normalise.NormaliserScheduler;
import dev.ecomstream.sink.ops.DatabaseProbe;
import dev.ecomstream.sink.write.BatchBuffer;
import dev.ecomstream.testkit.PackageCycles;
import java.sql.SQLException;

/**
 * The sink's layering, checked on its compiled classes: packages without cycles, and the database reached only
 * where the design says. A failure names the class and the dependency that broke the rule; move the code to
 * the package that owns that concern rather than widening the rule.
 */
@AnalyzeClasses(packages = "dev.ecomstream.sink", importOptions = ImportOption.DoNotIncludeTests.class)
class SinkArchitectureTest {

    private static final String SINK = "dev.ecomstream.sink";

    /** JDBC, the driver and the pool: whatever opens connections or runs statements. */
    private static final DescribedPredicate<JavaClass> JDBC_ACCESS =
            resideInAnyPackage("java.sql..", "javax.sql..", "org.postgresql..", "com.zaxxer.hikari..")
                    .and(not(assignableTo(SQLException.class)))
                    .as("are JDBC, PgJDBC or HikariCP types (other than SQLException)");

    /** A failed statement as a value: what the retry loop and the classifier reason about. */
    private static final DescribedPredicate<JavaClass> SQL_FAILURE =
            assignableTo(SQLException.class).as("are SQLExceptions");

    private static final DescribedPredicate<JavaClass> MAY_USE_JDBC =
            resideInAnyPackage(SINK + ".write..", SINK + ".offsets..", SINK + ".rejected..")
                    .or(belongToAnyOf(SinkClients.class, SinkService.class, StagingSchema.class,
                            DatabaseProbe.class, NormaliserScheduler.class, SinkMigrateCommand.class));

    private static final DescribedPredicate<JavaClass> MAY_SEE_SQL_FAILURES =
            MAY_USE_JDBC.or(resideInAnyPackage(SINK + ".failure..", SINK + ".pipeline.."));

    @ArchTest
    static final ArchRule packagesHaveNoCycles = PackageCycles.noCyclesUnder(SINK);

    @ArchTest
    static final ArchRule onlyTheWriterAndTheOffsetStoreUseJdbc = noClasses()
            .that(not(MAY_USE_JDBC).as("are outside write and offsets and not one of the classes named below"))
            .should().dependOnClassesThat(JDBC_ACCESS)
            .because("batches reach the database only through write (COPY, one transaction per batch) and offsets "
                    + "(stored offsets in that same transaction, read back on assignment), and rejected (an operator's "
                    + "export and replay of staging.rejected_records). Besides them: "
                    + "SinkClients builds the pool and SinkService owns and closes it; StagingSchema migrates and "
                    + "checks the staging tables at start; SinkMigrateCommand migrates as the owner; ops.DatabaseProbe borrows a connection to answer the health check; "
                    + "normalise.NormaliserScheduler hands the pool to the schema module's NormaliserRunner");

    @ArchTest
    static final ArchRule sqlFailuresStayInTheWritePath = noClasses()
            .that(not(MAY_SEE_SQL_FAILURES).as("are outside write, offsets, failure and pipeline and not one of "
                    + "the classes allowed JDBC"))
            .should().dependOnClassesThat(SQL_FAILURE)
            .because("a failed write is classified (failure) and retried or isolated (pipeline); decoding and "
                    + "the operations endpoints have no statements that could fail");

    @ArchTest
    static final ArchRule theBatchBufferIsPure = noClasses()
            .that(belongToAnyOf(BatchBuffer.class))
            .should().dependOnClassesThat(JDBC_ACCESS.or(SQL_FAILURE))
            .because("deciding when a batch is due must be testable without a database");
}
