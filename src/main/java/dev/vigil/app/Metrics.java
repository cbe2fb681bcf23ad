package dev.vigil.app;

import dev.vigil.alert.IncidentLoop;
import dev.vigil.monitor.DeadlineIndex;
import dev.vigil.store.FlipStore;
import dev.vigil.ingest.DeadlineTimer;
import dev.vigil.ingest.Ingest;
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

    /**
     * Runs waiting and in progress, and agents by state: read from the store on each scrape (a few
     * indexed counts), cached for a second so that several scrapers do not multiply the queries.
     */
    static void bindExecution(MeterRegistry r, dev.vigil.store.Transactor store) {
        var cache = new Object() {
            boolean loaded;
            long at;
            java.util.Map<String, Long> values = java.util.Map.of();

            synchronized long get(String key) {
                long now = System.nanoTime();
                if (!loaded || now - at > 1_000_000_000L) {
                    java.util.Map<String, Long> v = new java.util.HashMap<>();
                    store.read(tx -> {
                        tx.runs().activeCounts().forEach((state, n) -> v.put("run:" + state.wire(), n));
                        for (var a : tx.agents().list()) v.merge("agent:" + a.state().wire(), 1L, Long::sum);
                        return null;
                    });
                    values = v;
                    at = now;
                    loaded = true;
                }
                return values.getOrDefault(key, 0L);
            }
        };
        for (String state : java.util.List.of("queued", "dispatched", "running")) {
            Gauge.builder("vigil_runs", cache, c -> c.get("run:" + state)).tag("state", state)
                    .description("runs waiting for or held by agents").strongReference(true).register(r);
        }
        for (String state : java.util.List.of("connected", "draining", "lost", "left")) {
            Gauge.builder("vigil_agents", cache, c -> c.get("agent:" + state)).tag("state", state)
                    .description("agents by state").strongReference(true).register(r);
        }
    }

    /**
     * The incident loop: flips waiting to be decided and how long the oldest has waited (read from
     * the store, so they count every server's flips; cached for a second), and what it did.
     */
    static void bindIncidents(MeterRegistry r, IncidentLoop loop) {
        var cache = new Object() {
            long at;
            FlipStore.Backlog backlog;

            synchronized FlipStore.Backlog get() {
                long now = System.nanoTime();
                if (backlog == null || now - at > 1_000_000_000L) {
                    backlog = loop.backlog();
                    at = now;
                }
                return backlog;
            }
        };
        Gauge.builder("vigil_incident_backlog", cache, c -> c.get().waiting())
                .description("flips recorded but not yet decided by the incident loop").strongReference(true).register(r);
        Gauge.builder("vigil_incident_lag_seconds", cache, c -> loop.lag(c.get()).toMillis() / 1000.0)
                .description("age of the oldest flip not yet decided (0 when none waits)").strongReference(true).register(r);
        FunctionCounter.builder("vigil_incident_flips_decided", loop, IncidentLoop::handled)
                .description("flips decided by this server's incident loop").register(r);
        FunctionCounter.builder("vigil_incident_flips_retried", loop, IncidentLoop::retried)
                .description("failed attempts at deciding a flip, tried again later").register(r);
        FunctionCounter.builder("vigil_incident_flips_failed", loop, IncidentLoop::failed)
                .description("flips given up after repeated failures: their incident change was not made").register(r);
        FunctionCounter.builder("vigil_incident_loop_errors", loop, IncidentLoop::errors)
                .description("incident loop passes that failed as a whole (e.g. database unreachable)").register(r);
    }

    /**
     * The process and its JVM (Micrometer's binders: memory, GC, threads, class loading, processor,
     * uptime, file descriptors) and {@code vigil_build_info{version}} 1. Returns the GC binder, which
     * listens to the JVM until closed.
     */
    static AutoCloseable bindProcess(MeterRegistry r) {
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(r);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(r);
        new io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics().bindTo(r);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(r);
        new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(r);
        new io.micrometer.core.instrument.binder.system.FileDescriptorMetrics().bindTo(r);
        var gc = new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics();
        gc.bindTo(r);
        Gauge.builder("vigil.build.info", () -> 1).tag("version", dev.vigil.util.Version.current())
                .description("the running Vigil's version; always 1").strongReference(true).register(r);
        return gc;
    }
}
