package dev.vigil.app;

import dev.vigil.monitor.DeadlineIndex;
import dev.vigil.monitor.DeadlineTimer;
import dev.vigil.monitor.Ingest;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The monitor's own health as Prometheus metrics. */
final class Metrics {
    private Metrics() {}

    static void bind(MeterRegistry r, Ingest ingest, DeadlineIndex index, DeadlineTimer timer) {
        Gauge.builder("vigil_ingest_queue", ingest, Ingest::queued).description("commands waiting for the writer").register(r);
        FunctionCounter.builder("vigil_ingest_committed", ingest, Ingest::committed).description("commands committed").register(r);
        FunctionCounter.builder("vigil_ingest_batches", ingest, Ingest::batches).description("write transactions").register(r);
        Gauge.builder("vigil_deadlines", index, DeadlineIndex::size).description("jobs with a pending deadline").register(r);
        FunctionCounter.builder("vigil_deadline_ticks", timer, DeadlineTimer::ticks).description("deadlines reached").register(r);
        FunctionCounter.builder("vigil_deadline_rechecks", timer, DeadlineTimer::deferred)
                .description("deadlines deferred for a re-check after the server stalled").register(r);
    }
}
