package org.mdinference.deploy;

import java.util.List;
import java.util.Optional;

/** An {@code mdi serve} command line's options, as {@code --port 8080} or as {@code --port=8080}. */
final class ServeArgs {

    private ServeArgs() {
    }

    static Optional<String> option(List<String> args, String name) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals(name) && i + 1 < args.size()) {
                return Optional.of(args.get(i + 1));
            }
            if (arg.startsWith(name + "=")) {
                return Optional.of(arg.substring(name.length() + 1));
            }
        }
        return Optional.empty();
    }

    static String required(List<String> args, String name) {
        return option(args, name).orElseThrow(() -> new AssertionError("no " + name + " in " + args));
    }
}
