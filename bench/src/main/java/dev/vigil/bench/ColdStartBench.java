package dev.vigil.bench;

final class ColdStartBench {
    private ColdStartBench() {}

    static void run(Options o) throws Exception {
        throw new UnsupportedOperationException("todo");
    }
}
