package org.mdinference.sim.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the top of a report says about its run: a title, and the settings that produced the numbers (command line,
 * zoo, knowledge mode, duplication, requests, seed...) in the order given.
 */
public record ReportContext(String title, Map<String, String> settings) {

    public ReportContext {
        Objects.requireNonNull(title, "title");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** A context with {@code title} and no settings yet. */
    public static ReportContext of(String title) {
        return new ReportContext(title, Map.of());
    }

    /** This context with one more setting, listed after the others (or replacing one of the same key in place). */
    public ReportContext with(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(settings);
        more.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new ReportContext(title, more);
    }
}
