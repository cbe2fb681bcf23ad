package dev.vigil.store;

import static dev.vigil.store.TestJobs.aCronJob;

import dev.vigil.domain.Channel;
import dev.vigil.domain.Flip;
import dev.vigil.domain.Job;
import dev.vigil.domain.Notification;
import dev.vigil.domain.Project;
import dev.vigil.domain.Status;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;

/** A job with a channel and a flip to alert about: what every notification refers to. */
public abstract class OutboxFixture extends StoreContract {
    protected Job job;
    protected Channel channel;
    protected Flip flip;

    @BeforeEach
    void aJobWithAChannelAndAFlip() {
        Project prod = project("prod");
        job = insert(aCronJob("nightly").in(prod));
        channel = db.write(tx -> tx.channels().insert(new Channel(0, prod.id(), "log", "ops", "{}", T0)));
        flip = db.write(tx -> tx.flips().insert(
                new Flip(0, job.id(), T0, Status.UP, Status.MISSED, null, null, true, true, "missed")));
    }

    protected Notification pending(String key, Instant due) {
        return new Notification(0, channel.id(), job.id(), flip.id(), key, "{\"alert\":\"" + key + "\"}",
                Notification.State.PENDING, 0, due, T0, null, null);
    }

    protected boolean enqueue(Notification n) {
        return db.write(tx -> tx.outbox().enqueue(n));
    }

    protected Notification only() {
        return db.read(tx -> tx.outbox().recent(null, 10)).getFirst();
    }
}
