package dev.vigil.bench;

final class StartupSteps {
    private StartupSteps() {}

    static void run(Options o) throws Exception {
        throw new UnsupportedOperationException("todo");
    }
}
