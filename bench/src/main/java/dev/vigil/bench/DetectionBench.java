package dev.vigil.bench;

final class DetectionBench {
    private DetectionBench() {}

    static void run(Options o) throws Exception {
        throw new UnsupportedOperationException("todo");
    }
}
