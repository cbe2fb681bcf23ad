package dev.vigil.ingest;

import dev.vigil.domain.Job;

/** Told, after the commit, of every job definition the writer created, replaced or deleted. */
public interface DefinitionListener {
    void defined(Job job);

    void deleted(long jobId);

    DefinitionListener NONE = new DefinitionListener() {
        @Override public void defined(Job job) {}
        @Override public void deleted(long jobId) {}
    };
}
