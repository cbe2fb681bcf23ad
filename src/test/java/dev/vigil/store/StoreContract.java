package dev.vigil.store;

import dev.vigil.domain.Job;
import dev.vigil.domain.Project;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of the storage contract tests: each test gets a fresh, empty, migrated database from
 * {@link #newStore()}, which each backend's subclass implements.
 */
public abstract class StoreContract {
    /** A time at millisecond precision, which storage keeps exactly. */
    protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123Z");

    protected Transactor db;

    /** A new empty database with the schema in place; closed after the test. */
    protected abstract Transactor newStore();

    @BeforeEach
    void openStore() {
        db = newStore();
    }

    @AfterEach
    void closeStore() {
        if (db != null) db.close();
    }

    protected Project project(String slug) {
        return db.write(tx -> tx.projects().insert(slug, "Project " + slug, "ping-key-" + slug, T0));
    }

    protected Job insert(TestJobs.Builder job) {
        return db.write(tx -> tx.jobs().insert(job.build()));
    }
}
