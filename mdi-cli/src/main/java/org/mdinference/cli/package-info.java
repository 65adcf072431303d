/**
 * The {@code mdi} command: picocli wiring of the simulator, the zoo tools, the server, the load generator, the
 * device SDK, the network emulator and the demo. Commands parse and check options and call the modules; the work
 * itself lives there.
 */
@NullMarked
package org.mdinference.cli;

import org.jspecify.annotations.NullMarked;
