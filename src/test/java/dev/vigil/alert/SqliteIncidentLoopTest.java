package dev.vigil.alert;

import dev.vigil.store.Transactor;
import dev.vigil.store.sql.SqlStores;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteIncidentLoopTest extends IncidentLoopContract {
    @TempDir
    Path dataDir;

    @Override
    protected Transactor newStore() {
        return SqlStores.sqlite(dataDir);
    }
}
