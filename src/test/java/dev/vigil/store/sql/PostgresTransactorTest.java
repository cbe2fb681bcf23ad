package dev.vigil.store.sql;

import dev.vigil.store.TransactorContract;
import dev.vigil.store.Transactor;

class PostgresTransactorTest extends TransactorContract {
    @Override
    protected Transactor newStore() {
        return EmbeddedPostgresHolder.newStore();
    }
}
