package dev.vigil.store;

import java.util.function.Function;

/**
 * Runs work in one database transaction. Everything a piece of work does through the given
 * {@link Tx} commits together or not at all; the transaction commits before the method returns, so a
 * result returned from {@link #write} is durable.
 */
public interface Transactor extends AutoCloseable {

    /** Read-write transaction. Writers are serialized where the database needs it (SQLite). */
    <T> T write(Function<Tx, T> work);

    /**
     * A read-write transaction that, where writers are serialized (SQLite), goes ahead of the other
     * writers waiting: for the single writer's group commits, which every ping waits for, so that
     * background loops (incidents, delivery) never make a ping queue behind their transactions.
     */
    default <T> T writeFirst(Function<Tx, T> work) {
        return write(work);
    }

    /** Read-only work; may run concurrently with a writer. */
    <T> T read(Function<Tx, T> work);

    /** Which database this is, for the rare caller that needs to know (logs, metrics). */
    String databaseName();

    @Override
    void close();
}
