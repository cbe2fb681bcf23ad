package dev.vigil.alert;

import dev.vigil.store.Transactor;
import dev.vigil.store.sql.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresIncidentLoopTest extends IncidentLoopContract {
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
