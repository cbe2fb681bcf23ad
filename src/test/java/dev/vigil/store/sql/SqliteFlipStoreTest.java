package dev.vigil.store.sql;

import dev.vigil.store.FlipStoreContract;
import dev.vigil.store.Transactor;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteFlipStoreTest extends FlipStoreContract {
    @TempDir
    Path dataDir;

    @Override
    protected Transactor newStore() {
        return SqlStores.sqlite(dataDir);
    }
}
