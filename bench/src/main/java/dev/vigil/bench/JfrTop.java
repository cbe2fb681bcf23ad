package dev.vigil.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's execution samples: the methods on top of the stack (self time),
 * and the share of samples whose stack passes through a method (inclusive), for methods of the
 * packages given with {@code --focus} (default: Vigil's own and the libraries it calls).
 */
final class JfrTop {
    private JfrTop() {}

    static void run(Options o) throws Exception {
        Path file = Path.of(o.text("file", "target/work/pings.jfr"));
        int top = o.integer("top", 25);
        List<String> focus = List.of(o.text("focus", "dev.vigil,org.sqlite,io.javalin,org.eclipse.jetty,com.zaxxer").split(","));
        String event = o.flag("native") ? "jdk.NativeMethodSample" : "jdk.ExecutionSample";
        String onlyThread = o.text("thread", null);
        Map<String, Integer> self = new HashMap<>(), inclusive = new HashMap<>(), byThread = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals(event) || e.getStackTrace() == null) continue;
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            if (onlyThread != null && (thread == null || !thread.startsWith(onlyThread))) continue;
            samples++;
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) continue;
            self.merge(name(frames.getFirst()), 1, Integer::sum);
            byThread.merge(thread == null ? "?" : thread.replaceAll("[0-9]+", "N"), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (focus.stream().anyMatch(n::startsWith) && seen.add(n)) inclusive.merge(n, 1, Integer::sum);
            }
        }
        System.out.println(event + " samples" + (onlyThread == null ? "" : " of threads " + onlyThread + "*") + ": " + samples);
        print("by thread", byThread, samples, top);
        print("self (top frame)", self, samples, top);
        print("inclusive (stack passes through), focus " + focus, inclusive, samples, top);
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int total, int top) {
        System.out.println("-- " + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(en -> System.out.printf("%5.1f%%  %s%n", 100.0 * en.getValue() / total, en.getKey()));
    }
}
