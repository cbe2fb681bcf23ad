package dev.vigil.store.sql;

import dev.vigil.store.ManagedStoreContract;
import dev.vigil.store.Transactor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresManagedStoreTest extends ManagedStoreContract {
    private final PostgresSchema schema = new PostgresSchema();

    @Override
    protected Transactor newStore() {
        return schema.emptied();
    }

    @AfterAll
    void dropSchema() {
        schema.close();
    }
}
