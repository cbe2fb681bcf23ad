package dev.vigil.cli.defs;

import dev.vigil.testing.MutableClock;
import dev.vigil.testing.TestServer;

class SqliteApplyCommandTest extends ApplyCommandContract {
    @Override
    TestServer start() {
        return TestServer.start(MutableClock.at("2026-12-07T10:00:00Z"));
    }
}
