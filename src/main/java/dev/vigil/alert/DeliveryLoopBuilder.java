package dev.vigil.alert;

import dev.vigil.domain.ValidationException;
import dev.vigil.store.Transactor;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

/** Settings of a {@link DeliveryLoop}, starting at its {@code DEFAULT_*} values; {@link #build()} checks them. */
public final class DeliveryLoopBuilder {
    final Transactor transactor;
    final ChannelRegistry registry;
    final Clock clock;
    Duration lease = DeliveryLoop.DEFAULT_LEASE;
    int batchSize = DeliveryLoop.DEFAULT_BATCH_SIZE;
    int maxAttempts = DeliveryLoop.DEFAULT_MAX_ATTEMPTS;
    Backoff backoff = Backoff.DEFAULT;
    Duration maxIdle = DeliveryLoop.DEFAULT_MAX_IDLE;
    RandomGenerator random = new Random();
    MeterRegistry meterRegistry;

    DeliveryLoopBuilder(Transactor transactor, ChannelRegistry registry, Clock clock) {
        this.transactor = Objects.requireNonNull(transactor, "transactor");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * How long a claimed notification is this server's. A pass starts no send once half the lease
     * is spent, so the slowest send (connect plus answer timeouts of the channels) must fit in half
     * of it; otherwise another server may claim it mid-send and deliver it twice.
     */
    public DeliveryLoopBuilder lease(Duration lease) { this.lease = lease; return this; }
    public DeliveryLoopBuilder batchSize(int batchSize) { this.batchSize = batchSize; return this; }
    /** Attempts in all, the first included, before giving up. */
    public DeliveryLoopBuilder maxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; return this; }
    public DeliveryLoopBuilder backoff(Backoff backoff) { this.backoff = backoff; return this; }
    /** The longest sleep between passes, bounding how late another server's work is noticed. */
    public DeliveryLoopBuilder maxIdle(Duration maxIdle) { this.maxIdle = maxIdle; return this; }
    /** The jitter source; tests pass a seeded one. */
    public DeliveryLoopBuilder random(RandomGenerator random) { this.random = random; return this; }
    public DeliveryLoopBuilder meterRegistry(MeterRegistry meterRegistry) { this.meterRegistry = meterRegistry; return this; }

    public DeliveryLoop build() {
        if (lease == null || lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ValidationException("lease", "must be at least 1 second");
        }
        if (batchSize < 1 || batchSize > 1000) throw new ValidationException("batchSize", "must be between 1 and 1000");
        if (maxAttempts < 1 || maxAttempts > 100) throw new ValidationException("maxAttempts", "must be between 1 and 100");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(random, "random");
        if (maxIdle == null || maxIdle.isNegative() || maxIdle.isZero()) {
            throw new ValidationException("maxIdle", "must be a positive duration");
        }
        return new DeliveryLoop(this);
    }
}
