package dev.ecomstream.testkit;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The rule every module states about its own main code: no cycles between the packages directly under its
 * base package (the base package's own classes count as one more package). Use it as
 * {@code @ArchTest static final ArchRule packagesHaveNoCycles = PackageCycles.noCyclesUnder("dev.ecomstream.x");}
 * in a class annotated {@code @AnalyzeClasses(packages = "dev.ecomstream.x",
 * importOptions = ImportOption.DoNotIncludeTests.class)}.
 */
public final class PackageCycles {

    private PackageCycles() {
    }

    /** No package directly under {@code root}, nor {@code root} itself, depends on itself through the others. */
    public static ArchRule noCyclesUnder(String root) {
        return slices()
                .assignedFrom(packagesUnder(root))
                .should().beFreeOfCycles()
                .because("each package should be understandable and testable without the ones that use it");
    }

    /** One slice per package directly under {@code root}; the root package's own classes form a slice too. */
    private static SliceAssignment packagesUnder(String root) {
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
