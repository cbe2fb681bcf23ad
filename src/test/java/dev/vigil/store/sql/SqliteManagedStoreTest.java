package dev.vigil.store.sql;

import dev.vigil.store.ManagedStoreContract;
import dev.vigil.store.Transactor;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteManagedStoreTest extends ManagedStoreContract {
    @TempDir
    Path dataDir;

    @Override
    protected Transactor newStore() {
        return SqlStores.sqlite(dataDir);
    }
}
