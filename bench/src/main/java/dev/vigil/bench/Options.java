package dev.vigil.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} pairs and {@code --flag} switches, with typed defaults. */
record Options(Map<String, String> values) {
    static Options parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --option, got " + args[i]);
            String name = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) m.put(name, args[++i]);
            else m.put(name, "true");
        }
        return new Options(m);
    }

    String text(String name, String dflt) { return values.getOrDefault(name, dflt); }

    int integer(String name, int dflt) { return values.containsKey(name) ? Integer.parseInt(values.get(name)) : dflt; }

    boolean flag(String name) { return Boolean.parseBoolean(values.getOrDefault(name, "false")); }
}
