package dev.vigil.web;

import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;

class SqliteDefinitionsApiTest extends DefinitionsApiContract {
    @Override
    TestServer start() {
        return TestServer.start(MutableClock.at("2026-06-01T10:00:00Z"));
    }
}
