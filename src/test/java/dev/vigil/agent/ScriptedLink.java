package dev.vigil.agent;

import java.time.Duration;
import java.util.Set;

/**
 * A server link for agent tests, written by each test as its poll and send: everything sent counts
 * as delivered at once, and leaving is a no-op.
 */
abstract class ScriptedLink implements ServerLink {
    @Override
    public Set<Long> undelivered() {
        return Set.of();
    }

    @Override
    public boolean flush(Duration max) {
        return true;
    }

    @Override
    public void leave(String name, String instance) {}
}
