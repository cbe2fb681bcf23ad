package dev.vigil.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * States of a run and the one table of allowed changes (PRODUCT.md §2):
 * {@code queued → dispatched → running → succeeded | failed | timed_out | cancelled | lost}, and
 * {@code skipped} for a fire time deliberately not run. A dispatched run its agent never received
 * goes back to {@code queued}.
 */
public enum RunState {
    QUEUED, DISPATCHED, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, LOST, SKIPPED;

    private static final Map<RunState, Set<RunState>> ALLOWED = Map.of(
            QUEUED, EnumSet.of(DISPATCHED, RUNNING, CANCELLED, SKIPPED, LOST),
            DISPATCHED, EnumSet.of(QUEUED, RUNNING, CANCELLED, LOST, FAILED),
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, LOST));

    /**
     * How an agent may say a run ended (its {@code finished} event's {@code end}): every terminal
     * state but {@code skipped}, which only the server decides.
     */
    public static final Set<RunState> ENDS = java.util.Collections.unmodifiableSet(EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, LOST));

    public boolean isTerminal() {
        return !ALLOWED.containsKey(this);
    }

    public boolean canBecome(RunState next) {
        return ALLOWED.getOrDefault(this, Set.of()).contains(next);
    }

    /** Returns {@code next}, or throws if this change is not allowed. */
    public RunState transitionTo(RunState next) {
        if (!canBecome(next)) {
            throw new ConflictException("a " + wire() + " run cannot become " + next.wire());
        }
        return next;
    }

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public static RunState fromWire(String s) {
        return Enums.fromWire(RunState.class, s, "state");
    }

    /** The end an agent reported ({@link #ENDS}); a clear error naming {@code field} for anything else. */
    public static RunState end(String s, String field) {
        for (RunState e : ENDS) {
            if (e.wire().equals(s)) return e;
        }
        throw new ValidationException(field, "must be one of " + ENDS.stream().map(RunState::wire).toList() + ", got '" + s + "'");
    }
}
