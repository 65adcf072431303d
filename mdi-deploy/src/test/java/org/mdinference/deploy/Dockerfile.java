package org.mdinference.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Dockerfile's stages and instructions, as far as the tests need them: comments and blank lines dropped, lines
 * continued with a backslash joined, each instruction split into its keyword and the rest.
 */
record Dockerfile(List<Stage> stages) {

    record Instruction(String keyword, String arguments) {
    }

    /** One FROM and the instructions up to the next. */
    record Stage(String image, Optional<String> name, List<Instruction> instructions) {

        List<String> arguments(String keyword) {
            return instructions.stream().filter(instruction -> instruction.keyword().equals(keyword))
                    .map(Instruction::arguments).toList();
        }

        /** The last instruction of a kind wins, as it does in the build. */
        Optional<String> last(String keyword) {
            List<String> all = arguments(keyword);
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
        }
    }

    static Dockerfile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.length() == 0)) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String text = pending.toString().strip();
            pending.setLength(0);
            if (!text.isEmpty()) {
                int space = text.indexOf(' ');
                instructions.add(space < 0 ? new Instruction(text.toUpperCase(Locale.ROOT), "")
                        : new Instruction(text.substring(0, space).toUpperCase(Locale.ROOT),
                                text.substring(space + 1).strip()));
            }
        }
        return new Dockerfile(stages(file, instructions));
    }

    private static List<Stage> stages(Path file, List<Instruction> instructions) {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("FROM")) {
                String[] words = instruction.arguments().split("\\s+");
                Optional<String> name = words.length == 3 && words[1].equalsIgnoreCase("AS")
                        ? Optional.of(words[2]) : Optional.empty();
                current = new ArrayList<>();
                stages.add(new Stage(words[0], name, current));
            } else if (current == null && !instruction.keyword().equals("ARG")) {
                throw new IllegalArgumentException(file + ": " + instruction.keyword() + " before the first FROM");
            } else if (current != null) {
                current.add(instruction);
            }
        }
        return List.copyOf(stages);
    }

    Stage runtime() {
        return stages.get(stages.size() - 1);
    }
}
