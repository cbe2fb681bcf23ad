package dev.vigil.store.sql;

import dev.vigil.domain.ValidationException;

/** Keyset paging over ids, newest first: one SQL text whether or not a page cursor is given. */
final class Paging {
    static final int MAX_LIMIT = 10_000;

    private Paging() {}

    /** The exclusive upper id bound: the cursor, or past every id for the first page. */
    static long before(Long beforeId) {
        return beforeId == null ? Long.MAX_VALUE : beforeId;
    }

    static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("limit", "must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        return limit;
    }
}
