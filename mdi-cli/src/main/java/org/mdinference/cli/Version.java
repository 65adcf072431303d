package org.mdinference.cli;

import picocli.CommandLine.IVersionProvider;

/** The version Maven stamped into the jar's manifest; "dev" when run from classes. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"mdi " + (version == null ? "dev" : version)};
    }
}
