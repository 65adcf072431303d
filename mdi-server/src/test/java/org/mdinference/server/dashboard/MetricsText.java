package org.mdinference.server.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of a Prometheus text exposition, as {@code /metrics} writes them, for tests to compare against. */
final class MetricsText {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    MetricsText(String text) {
        samples = text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).map(MetricsText::sample)
                .toList();
    }

    private static Sample sample(String line) {
        Matcher m = SAMPLE.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Prometheus sample: " + line);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.group(3) != null) {
            Matcher label = LABEL.matcher(m.group(3));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
        }
        return new Sample(m.group(1), labels, Double.parseDouble(m.group(4)));
    }

    /** The sum of the samples of {@code name} whose labels include {@code match}. */
    double sum(String name, Map<String, String> match) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(match.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    /** A histogram's cumulative count at the bucket whose upper bound {@code le} is {@code bound}, to 1e-9. */
    double bucket(String name, Map<String, String> match, double bound) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(match.entrySet()))
                .filter(s -> Math.abs(Double.parseDouble(s.labels().get("le")) - bound) <= 1e-9 * Math.max(1, bound))
                .mapToDouble(Sample::value).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " " + match + " le=" + bound));
    }

    boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }
}
