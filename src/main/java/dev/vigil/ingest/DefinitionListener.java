package dev.vigil.ingest;

import dev.vigil.domain.Job;

/**
 * Told, after the commit, of every job definition the writer created, replaced or deleted, and of
 * every pause and resume: what the scheduler's clock of fire times follows.
 */
public interface DefinitionListener {
    void defined(Job job, boolean paused);

    void deleted(long jobId);

    void paused(long jobId);

    void resumed(Job job);

    DefinitionListener NONE = new DefinitionListener() {
        @Override public void defined(Job job, boolean paused) {}
        @Override public void deleted(long jobId) {}
        @Override public void paused(long jobId) {}
        @Override public void resumed(Job job) {}
    };
}
