-- Dashboard sessions: a login with an API key opens one. Only a hash of the cookie is stored; the
-- session dies with its key (ON DELETE CASCADE), on logout, or when it expires.
CREATE TABLE ui_sessions (
    hash        TEXT PRIMARY KEY,
    api_key_id  BIGINT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    csrf        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX ui_sessions_key_idx ON ui_sessions (api_key_id);
CREATE INDEX ui_sessions_expiry_idx ON ui_sessions (expires_at);
