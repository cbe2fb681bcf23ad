package dev.vigil.cli.client;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Asks again while following a live run: every {@link #POLL}, and through a server that is briefly
 * unreachable or overloaded (a restart, a failover) for up to {@link #OUTAGE} before giving up.
 */
final class Follow {
    static final Duration POLL = Duration.ofMillis(500);
    static final Duration OUTAGE = Duration.ofSeconds(60);

    private Follow() {}

    /** The call's answer; retried while the server does not answer or answers 502/503/504. */
    static <T> T patiently(Supplier<T> call) {
        long giveUp = System.nanoTime() + OUTAGE.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (ApiException e) {
                boolean passing = e.status() == 0 || e.status() == 502 || e.status() == 503 || e.status() == 504;
                if (!passing || System.nanoTime() > giveUp) throw e;
                pause();
            }
        }
    }

    static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ExitCodes.ERROR, "interrupted", e);
        }
    }

    static boolean ended(String state) {
        return !state.equals("queued") && !state.equals("dispatched") && !state.equals("running");
    }
}
