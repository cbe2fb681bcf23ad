package dev.vigil.web.ui;

import dev.vigil.cluster.ClusterStatus;
import java.util.List;

/** The cluster page's model: the status as read, and how to show a node's state and partitions. */
public record ClusterView(ClusterStatus status) {

    public static final String LIVE_URL = Dashboard.ROOT + "/cluster?fragment=1";

    public record Page(Chrome chrome, ClusterView view) {}

    public static String colour(String state) {
        return switch (state) {
            case "live" -> "green";
            case "stopping" -> "yellow";
            default -> "red";
        };
    }

    /** Partitions as ranges: {@code 0–3, 7, 9–12}. */
    public static String ranges(List<Integer> partitions) {
        List<Integer> sorted = partitions.stream().sorted().toList();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) j++;
            if (!out.isEmpty()) out.append(", ");
            out.append(sorted.get(i));
            if (j > i) out.append('–').append(sorted.get(j));
            i = j + 1;
        }
        return out.isEmpty() ? "none" : out.toString();
    }

    public static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    public String summary() {
        long live = status.live();
        return live + (live == 1 ? " live server" : " live servers") + ", " + status.unowned().size()
                + " of 64 partitions without a live owner";
    }
}
