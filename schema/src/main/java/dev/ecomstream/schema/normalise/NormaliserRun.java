package dev.ecomstream.schema.normalise;

import dev.ecomstream.schema.Entity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one normaliser run (or of consecutive runs, see {@link NormaliserRunner#runUntilCaughtUp}).
 *
 * @param ran      false when the run was skipped because another instance held the normaliser's lock
 * @param entities the counts per entity, in load order; empty when skipped
 * @param elapsed  wall-clock time, lock wait included
 */
public record NormaliserRun(boolean ran, List<EntityCounts> entities, Duration elapsed) {

    public NormaliserRun {
        entities = List.copyOf(entities);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    static NormaliserRun skipped(Duration elapsed) {
        return new NormaliserRun(false, List.of(), elapsed);
    }

    /** The counts of one entity, if the run happened. */
    public Optional<EntityCounts> counts(Entity entity) {
        return entities.stream().filter(c -> c.entity() == entity).findFirst();
    }

    public long inserted() {
        return entities.stream().mapToLong(EntityCounts::inserted).sum();
    }

    public long updated() {
        return entities.stream().mapToLong(EntityCounts::updated).sum();
    }

    public long inferred() {
        return entities.stream().mapToLong(EntityCounts::inferred).sum();
    }

    public long pending() {
        return entities.stream().mapToLong(EntityCounts::pending).sum();
    }

    public long deferred() {
        return entities.stream().mapToLong(EntityCounts::deferred).sum();
    }

    /** True when the run happened and left no visible staging row for a later run. */
    public boolean caughtUp() {
        return ran && deferred() == 0;
    }

    /**
     * This run followed by {@code later}: inserted, updated and inferred add up, pending and deferred are the
     * later's.
     */
    NormaliserRun then(NormaliserRun later) {
        if (!ran) {
            return later.withElapsed(elapsed.plus(later.elapsed));
        }
        if (!later.ran) {
            return withElapsed(elapsed.plus(later.elapsed));
        }
        List<EntityCounts> combined = new ArrayList<>();
        for (EntityCounts counts : entities) {
            combined.add(later.counts(counts.entity()).map(counts::plus).orElse(counts));
        }
        return new NormaliserRun(true, combined, elapsed.plus(later.elapsed));
    }

    private NormaliserRun withElapsed(Duration total) {
        return new NormaliserRun(ran, entities, total);
    }
}
