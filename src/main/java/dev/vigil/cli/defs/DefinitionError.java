package dev.vigil.cli.defs;

import java.util.List;

/** Definition files that cannot be applied: every problem found, each with where it is. */
public final class DefinitionError extends RuntimeException {
    /**
     * @param location {@code file:line:column}, or the file alone; null when not tied to a file
     * @param field    the field path as the API names it, or null
     */
    public record Problem(String location, String field, String message) {
        @Override
        public String toString() {
            String where = location == null ? "" : location + ": ";
            return where + (field == null || field.isEmpty() ? "" : field + ": ") + message;
        }
    }

    private final List<Problem> problems;

    public DefinitionError(List<Problem> problems) {
        super(problems.isEmpty() ? "invalid definitions" : problems.getFirst().toString());
        this.problems = List.copyOf(problems);
    }

    public DefinitionError(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }
}
