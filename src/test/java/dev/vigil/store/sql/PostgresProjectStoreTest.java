package dev.vigil.store.sql;

import dev.vigil.store.ProjectStoreContract;
import dev.vigil.store.Transactor;

class PostgresProjectStoreTest extends ProjectStoreContract {
    @Override
    protected Transactor newStore() {
        return EmbeddedPostgresHolder.newStore();
    }
}
