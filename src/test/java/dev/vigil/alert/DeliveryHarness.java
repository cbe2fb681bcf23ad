package dev.vigil.alert;

import dev.vigil.alert.channel.log.LogChannel;
import dev.vigil.alert.channel.webhook.WebhookChannel;
import dev.vigil.domain.Channel;
import dev.vigil.domain.DeliveryAttempt;
import dev.vigil.domain.Notification;
import dev.vigil.testing.MutableClock;
import dev.vigil.testing.RecordingHttpServer;
import dev.vigil.testing.TestOutbound;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Real components around the delivery loop: the in-memory store, a settable clock, the real webhook
 * channel and a real HTTP receiver on a local port.
 */
final class DeliveryHarness implements AutoCloseable {
    final InMemoryStore store = new InMemoryStore();
    final MutableClock clock = MutableClock.at("2025-03-01T12:00:00Z");
    final RecordingHttpServer receiver = RecordingHttpServer.start();

    /** A loop builder with the webhook and log channels plus {@code extra}, and a seeded jitter. */
    DeliveryLoopBuilder loop(AlertChannel... extra) {
        List<AlertChannel> channels = new ArrayList<>(List.of(new WebhookChannel(TestOutbound.alertClient(), clock), new LogChannel()));
        channels.addAll(List.of(extra));
        return DeliveryLoop.builder(store, new ChannelRegistry(channels), clock).random(new SplittableRandom(42));
    }

    /** A webhook channel posting to the receiver. */
    Channel webhook() {
        return channel("webhook", "{\"url\": \"" + receiver.url("/hook") + "\"}");
    }

    Channel channel(String kind, String config) {
        return store.channels.insert(new Channel(0, Fixtures.PROJECT_ID, kind, kind + "-" + System.nanoTime(), config,
                clock.instant()));
    }

    /** Enqueues, due now, the "missed" alert of flip {@code flipId} to {@code channel}. */
    Notification enqueue(Channel channel, long flipId) {
        return enqueue(channel, flipId,
                Fixtures.message(Fixtures.backupJob(), Fixtures.missedFlip(flipId), Fixtures.BASE_URL, null).toJson());
    }

    Notification enqueue(Channel channel, long flipId, String payload) {
        String key = "vigil-" + Fixtures.JOB_UNIQUE_KEY + "-" + flipId + "-" + channel.id();
        return store.write(tx -> {
            tx.outbox().enqueue(new Notification(0, channel.id(), 42, flipId, key, payload,
                    Notification.State.PENDING, 0, clock.instant(), clock.instant(), null, null));
            return tx.outbox().recent(null, 100).stream()
                    .filter(n -> n.idempotencyKey().equals(key)).findFirst().orElseThrow();
        });
    }

    Notification notification(long id) {
        return store.read(tx -> tx.outbox().byId(id).orElseThrow());
    }

    List<DeliveryAttempt> attempts(long id) {
        return store.read(tx -> tx.outbox().attempts(id));
    }

    @Override
    public void close() {
        receiver.close();
    }
}
