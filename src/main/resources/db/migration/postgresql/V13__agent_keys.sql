-- The API key each agent registered with (docs/security.md#agents): a name belongs to that key. NULL for
-- the embedded agent, for agents registered before this version, and once the key is deleted: then the
-- next key that polls under the name binds it.
ALTER TABLE agents ADD COLUMN key_id BIGINT REFERENCES api_keys (id) ON DELETE SET NULL;
