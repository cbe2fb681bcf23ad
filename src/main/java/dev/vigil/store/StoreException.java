package dev.vigil.store;

import dev.vigil.domain.VigilException;

/**
 * The database failed or could not be reached; the transaction was rolled back. Callers above the
 * store see this, never {@link java.sql.SQLException}. Lives beside the interfaces, not in
 * {@code store.sql}, so that the web layer can map it without touching the JDBC implementation.
 */
public class StoreException extends VigilException {
    public StoreException(String message, Throwable cause) {
        super("store", message, cause);
    }
}
