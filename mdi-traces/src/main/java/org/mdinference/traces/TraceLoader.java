package org.mdinference.traces;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/** Finds the network of a {@code trace:} spec's path: one trace file, or a directory of them as one network. */
final class TraceLoader {

    private final TraceReader reader;

    TraceLoader(ThroughputUnit unit, TransferSettings settings) {
        this.reader = new TraceReader(unit, settings);
    }

    /**
     * The network of a trace file, or of every trace in a directory (not its subdirectories).
     *
     * @throws IllegalArgumentException when the path does not exist, the file is not a trace of a known format,
     *                                  the directory holds none, or a trace holds a bad value
     * @throws UncheckedIOException     when a file or the directory cannot be read
     */
    Network load(Path path) {
        return Files.isDirectory(path) ? loadDirectory(path) : readFile(path, reader::read);
    }

    /**
     * The uplink and downlink of one trace file. A directory is refused: the simulator's requests each meet one
     * of its files, but a link follows a single trace.
     *
     * @throws IllegalArgumentException as {@link #load}, and when the path is a directory or an RTT trace
     * @throws UncheckedIOException     when the file cannot be read
     */
    TraceLinks loadLinks(Path path) {
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException(path + " is a directory of traces; a link follows one trace: name one"
                    + " of its files");
        }
        return readFile(path, reader::links);
    }

    private static <T> T readFile(Path path, BiFunction<TraceFile, TraceFormat, T> reading) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no such trace file or directory: " + path);
        }
        TraceFile file = TraceFile.read(path);
        String problem = file.firstLine().isEmpty() ? "is empty" : "is not a trace of a known format";
        return file.firstLine().flatMap(TraceFormat::detect).map(format -> reading.apply(file, format))
                .orElseThrow(() -> file.error(problem + "; understood are " + TraceFormat.understood()));
    }

    private Network loadDirectory(Path directory) {
        List<Network> traces = new ArrayList<>();
        int skipped = 0;
        for (Path path : filesOf(directory)) {
            if (isDocumentation(path) || isSecondOfMahimahiPair(path)) {
                continue;
            }
            if (!Files.isRegularFile(path)) {
                skipped++;
                continue;
            }
            TraceFile file = TraceFile.read(path);
            var format = file.firstLine().flatMap(TraceFormat::detect);
            if (format.isPresent()) {
                traces.add(reader.read(file, format.get()));
            } else {
                skipped++;
            }
        }
        if (traces.isEmpty()) {
            throw new IllegalArgumentException(directory + ": no trace of a known format in this directory ("
                    + skipped + " other files); understood are " + TraceFormat.understood());
        }
        return new TraceDirectoryNetwork(nameOf(directory), traces, skipped);
    }

    private static String nameOf(Path directory) {
        Path name = directory.toAbsolutePath().normalize().getFileName();
        return name == null ? directory.toString() : name.toString();
    }

    private static List<Path> filesOf(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list trace directory " + directory, e);
        }
    }

    /** What collections ship beside their traces: skipped without being counted. */
    static boolean isDocumentation(Path path) {
        String name = path.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        return name.startsWith("README") || name.startsWith("LICENSE") || lower.endsWith(".md") || lower.endsWith(".tsv");
    }

    /** Both files of a Mahimahi pair make one network, so a directory reads the pair from its {@code .down}. */
    private static boolean isSecondOfMahimahiPair(Path path) {
        return path.getFileName().toString().endsWith(".up")
                && TraceReader.mahimahiSibling(path).filter(Files::isRegularFile).isPresent();
    }
}
