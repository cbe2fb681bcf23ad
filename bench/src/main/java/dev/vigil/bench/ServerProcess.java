package dev.vigil.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code java -jar target/vigil.jar server} as a child process on 127.0.0.1. */
final class ServerProcess implements AutoCloseable {
    /** The flags of the ./vigil launcher, without its class-data archive (which only speeds up start-up). */
    static final List<String> LAUNCHER_FLAGS = List.of("-XX:+UseSerialGC");

    final Process process;
    final int port;
    final long launchedNanos;

    private ServerProcess(Process process, int port, long launchedNanos) {
        this.process = process;
        this.port = port;
        this.launchedNanos = launchedNanos;
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("vigil.jar", "../target/vigil.jar")).toAbsolutePath().normalize();
        if (!jar.toFile().isFile()) throw new IllegalStateException("no " + jar + "; bench/run builds it");
        return jar;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The benchmarks' receivers (webhooks, http targets) listen on this machine, which a released
     * server refuses to send to: every server and agent process the benchmarks start allows loopback.
     */
    static final String[] LOOPBACK_ALLOWED = {"VIGIL_OUTBOUND_ALLOW", "127.0.0.0/8,::1"};

    static ServerProcess start(List<String> jvmFlags, Path dataDir, String adminKey, Path log) throws IOException {
        return startWithEnv(jvmFlags, dataDir, adminKey == null ? java.util.Map.of() : java.util.Map.of("VIGIL_ADMIN_KEY", adminKey), log);
    }

    /** @param env added to this process's environment, e.g. {@code VIGIL_ADMIN_KEY}, {@code VIGIL_DB_URL} */
    static ServerProcess startWithEnv(List<String> jvmFlags, Path dataDir, java.util.Map<String, String> env, Path log) throws IOException {
        return startWithEnv(jvmFlags, dataDir, env, log, freePort());
    }

    /** The same on a given port (a server started again where its clients know it). */
    static ServerProcess startWithEnv(List<String> jvmFlags, Path dataDir, java.util.Map<String, String> env, Path log, int port)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(jvmFlags);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(List.of("-jar", jar().toString(), "server", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--data-dir", dataDir.toString(), "--no-example"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put(LOOPBACK_ALLOWED[0], LOOPBACK_ALLOWED[1]);
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        return new ServerProcess(pb.start(), port, t0);
    }

    /** Polls /health/ready every millisecond; returns nanoseconds from launch to the first 200. */
    long awaitReady(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("server exited with " + process.exitValue());
            if (status(port, "/health/ready") == 200) return System.nanoTime() - launchedNanos;
            Thread.sleep(1);
        }
        throw new IllegalStateException("server not ready after " + timeoutMillis + " ms");
    }

    /** One GET on a fresh connection; 0 when nothing answers. */
    static int status(int port, String path) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(12);
            return head.length < 12 ? 0 : Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return 0;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    long pid() { return process.pid(); }

    /** SIGTERM (the server's shutdown hook closes the store), then waits. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
