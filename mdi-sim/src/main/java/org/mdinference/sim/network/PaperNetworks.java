package org.mdinference.sim.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mdinference.sim.report.Csv;

/** The paper's network table (one-way mean and deviation per named network), read from the classpath. */
final class PaperNetworks {

    private static final String RESOURCE = "/org/mdinference/sim/networks-gaussian.csv";

    /** One row of the table: a network's one-way time in ms. */
    record OneWay(double meanMs, double stdMs) {
    }

    private final Map<String, OneWay> byName;

    private PaperNetworks(Map<String, OneWay> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** @throws IllegalStateException when the table is missing or malformed: a broken build, not a user error */
    static PaperNetworks load() {
        try (InputStream in = PaperNetworks.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the paper's network table " + RESOURCE + " is not on the classpath");
            }
            return new PaperNetworks(parse(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static Map<String, OneWay> parse(Reader reader) throws IOException {
        Map<String, OneWay> rows = new LinkedHashMap<>();
        List<Csv.Record> records = Csv.read(reader);
        for (Csv.Record record : records.subList(Math.min(1, records.size()), records.size())) {
            List<String> cells = record.fields();
            try {
                rows.put(cells.get(0).trim(), new OneWay(Double.parseDouble(cells.get(1)),
                        Double.parseDouble(cells.get(2))));
            } catch (RuntimeException e) {
                throw new IllegalStateException(RESOURCE + ": malformed row '" + String.join(",", cells) + "'", e);
            }
        }
        return rows;
    }

    /** The row of a network, by its exact (case-sensitive) name. */
    Optional<OneWay> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The networks of the table, in its order. */
    Set<String> names() {
        return byName.keySet();
    }
}
