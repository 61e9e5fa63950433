package dev.ecomstream.generator.output;

import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.Entity;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Turns a fraction of one file's rows into bad rows and notes each in the manifest. The kinds that apply to
 * the entity are taken in turn, so even a few bad rows cover every kind the file can carry.
 */
final class BadRowPlanter {

    private final Entity entity;
    private final double fraction;
    private final SplittableRandom random;
    private final BadRowManifest manifest;
    private final List<BadRowKind> kinds;
    private int nextKind;

    BadRowPlanter(Entity entity, double fraction, SplittableRandom random, BadRowManifest manifest) {
        this.entity = entity;
        this.fraction = fraction;
        this.random = random;
        this.manifest = manifest;
        this.kinds = Arrays.stream(BadRowKind.values()).filter(k -> k.appliesTo(entity)).toList();
    }

    /** The row to write at {@code line}: the given one, or a damaged copy recorded in the manifest. */
    String[] plant(String[] row, long line) {
        if (random.nextDouble() >= fraction) {
            return row;
        }
        BadRowKind kind = kinds.get(nextKind++ % kinds.size());
        Optional<ColumnDefinition> target = kind.target(entity);
        int column = target.map(c -> entity.columns().indexOf(c)).orElse(-1);
        String[] damaged = kind.corrupt(row, column, random);
        manifest.record(entity.csvFileName(), line, target.map(ColumnDefinition::name).orElse(""), kind,
                column >= 0 ? damaged[column] : null);
        return damaged;
    }
}
