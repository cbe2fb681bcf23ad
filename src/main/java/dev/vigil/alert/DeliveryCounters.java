package dev.vigil.alert;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/** What the delivery loop has done since start; optionally published as Micrometer counters. */
final class DeliveryCounters {
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    /** Notifications to fallback channels about a channel failing or working again. */
    final AtomicLong alarms = new AtomicLong();

    /**
     * One series per outcome under one name, so one help text for all: Prometheus keeps a single
     * {@code # HELP} per name, which must not describe one outcome only.
     */
    void bindTo(MeterRegistry registry) {
        bind(registry, "delivered", delivered);
        bind(registry, "retried", retried);
        bind(registry, "failed", failed);
        bind(registry, "errors", errors);
        bind(registry, "channel_alarms", alarms);
    }

    static final String HELP = "Alert notifications by outcome: delivered; retried (failed attempts that will be"
            + " retried); failed (given up: permanent error or attempts exhausted); errors (unexpected errors in the"
            + " delivery loop); channel_alarms (notifications to fallback channels about a failing channel)";

    private static void bind(MeterRegistry registry, String outcome, AtomicLong value) {
        FunctionCounter.builder("vigil.alert.notifications", value, AtomicLong::get)
                .tag("outcome", outcome)
                .description(HELP)
                .register(registry);
    }
}
