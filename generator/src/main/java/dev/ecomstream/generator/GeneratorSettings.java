package dev.ecomstream.generator;

import dev.ecomstream.schema.Entity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one run generates, validated once when built.
 *
 * @param scale          1.0 is the size of the real dataset; distribution centers stay 10 at any scale
 * @param seed           the same seed gives the same bytes
 * @param outputDirectory where the CSV files are written
 * @param entities       which files to write
 * @param badRowFraction share of rows to damage, in {@code [0, 1)}
 */
public record GeneratorSettings(double scale, long seed, Path outputDirectory, Set<Entity> entities,
                                double badRowFraction) {

    public GeneratorSettings {
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        entities = entities == null || entities.isEmpty() ? EnumSet.allOf(Entity.class) : Set.copyOf(entities);
        List<String> problems = new ArrayList<>();
        if (!(scale > 0) || Double.isInfinite(scale)) {
            problems.add("--scale must be a positive number, was " + scale);
        }
        if (!(badRowFraction >= 0 && badRowFraction < 1)) {
            problems.add("--bad-rows must be at least 0 and below 1, was " + badRowFraction);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }
}
