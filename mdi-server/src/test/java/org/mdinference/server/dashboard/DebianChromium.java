package org.mdinference.server.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's chromium, which the browser test drives instead of a browser Playwright would download (none can be
 * downloaded here). The build installs it (tools/dashboard/install-test-tools.sh); a test that finds none fails and
 * says why, it does not skip.
 */
final class DebianChromium {

    /** The browser itself first: the launcher script beside it adds nothing a headless test needs. */
    private static final List<Path> PLACES = List.of(Path.of("/usr/lib/chromium/chromium"),
            Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));

    private DebianChromium() {
    }

    static Path executable() {
        return PLACES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new AssertionError(
                "Debian's chromium is not installed (looked for " + PLACES + "). The build installs it before the"
                        + " tests with tools/dashboard/install-test-tools.sh (apt-get install chromium, as root);"
                        + " its lines in the Maven log, and /tmp/mdi-apt-install.log, say why it could not"));
    }

    /** Chromium's sandbox refuses to run as root, as CI runs: the test's pages are its own, so it may go without. */
    static List<String> arguments() {
        return "root".equals(System.getProperty("user.name")) ? List.of("--no-sandbox") : List.of();
    }
}
