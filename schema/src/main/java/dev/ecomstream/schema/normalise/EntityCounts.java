package dev.ecomstream.schema.normalise;

import dev.ecomstream.schema.Entity;
import java.util.Objects;

/**
 * What one normaliser run did for one entity.
 *
 * @param entity   the entity
 * @param inserted keys that reached core for the first time
 * @param updated  keys whose values in core changed (a version that changes nothing is not counted); an
 *                 inferred member filled in by its own record counts here
 * @param inferred keys created as inferred members by the run: rows of other entities referred to them
 *                 before their own record arrived (see the view {@code mart.data_completeness})
 * @param pending  keys that cannot be placed after the run, each with its reason in {@code core.pending}
 * @param deferred staging rows already visible but left for a later run, because the transaction that
 *                 landed them had not ended when the run started (the watermark never skips them)
 */
public record EntityCounts(Entity entity, long inserted, long updated, long inferred, long pending, long deferred) {

    public EntityCounts {
        Objects.requireNonNull(entity, "entity");
    }

    /** Adds the counts of a later run; pending and deferred are states, so the later run's values hold. */
    EntityCounts plus(EntityCounts later) {
        return new EntityCounts(entity, inserted + later.inserted, updated + later.updated,
                inferred + later.inferred, later.pending, later.deferred);
    }
}
