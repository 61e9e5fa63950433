package dev.ecomstream.sink;

import dev.ecomstream.sink.write.StagingBatchWriter.BatchOutcome;

/**
 * Told about every batch right after its transaction committed, on the poll thread. This is where the
 * normaliser will be driven from (it moves newly landed staging rows into core); the sink itself needs
 * nothing here. A hook that throws is logged and the sink goes on: the batch is committed either way, and the
 * hook is expected to catch up on the next call.
 */
@FunctionalInterface
public interface AfterCommitHook {

    AfterCommitHook NONE = outcome -> { };

    void afterCommit(BatchOutcome outcome);
}
