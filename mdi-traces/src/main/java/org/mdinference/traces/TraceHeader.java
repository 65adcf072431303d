package org.mdinference.traces;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A CSV header's column names, matched without regard to case or surrounding spaces. */
final class TraceHeader {

    private final List<String> columns;

    TraceHeader(String line) {
        this.columns = List.of(line.trim().toLowerCase(Locale.ROOT).split("\\s*,\\s*", -1));
    }

    String column(int index) {
        return columns.get(index);
    }

    boolean has(String name) {
        return columns.contains(name);
    }

    /** The index of column {@code name}. @throws IllegalArgumentException when there is none */
    int indexOf(String name) {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no column '" + name + "' in " + columns);
        }
        return index;
    }

    /** The first column whose name holds all of {@code parts}. */
    Optional<String> firstContaining(String... parts) {
        return columns.stream().filter(column -> List.of(parts).stream().allMatch(column::contains)).findFirst();
    }

    /** The index of the first of {@code names} that is a column. @throws IllegalArgumentException when none is */
    int indexOfAny(String... names) {
        return List.of(names).stream().filter(this::has).findFirst().map(columns::indexOf)
                .orElseThrow(() -> new IllegalArgumentException("none of the columns " + List.of(names) + " in " + columns));
    }
}
