package dev.vigil.monitor;

import java.time.Instant;

/**
 * What the run table says about a report, gathered by ingest before the rules decide: the start of
 * the run a finish closes (null for a finish without a matching start), and the open runs left once
 * the report is applied.
 */
public record RunFacts(Instant matchedStart, int openRunsAfter, Instant oldestOpenStartAfter) {
    public static final RunFacts NONE = new RunFacts(null, 0, null);
}
