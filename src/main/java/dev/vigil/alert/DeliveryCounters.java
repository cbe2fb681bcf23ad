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

    void bindTo(MeterRegistry registry) {
        bind(registry, "delivered", delivered, "Notifications delivered");
        bind(registry, "retried", retried, "Failed attempts that will be retried");
        bind(registry, "failed", failed, "Notifications given up: permanent error or attempts exhausted");
        bind(registry, "errors", errors, "Unexpected errors in the delivery loop itself");
        bind(registry, "channel_alarms", alarms, "Notifications to fallback channels about a failing channel");
    }

    private static void bind(MeterRegistry registry, String outcome, AtomicLong value, String description) {
        FunctionCounter.builder("vigil.alert.notifications", value, AtomicLong::get)
                .tag("outcome", outcome)
                .description(description)
                .register(registry);
    }
}
