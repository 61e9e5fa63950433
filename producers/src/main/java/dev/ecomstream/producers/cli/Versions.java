package dev.ecomstream.producers.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code --version}, from the jar's manifest. */
public final class Versions implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Versions.class.getPackage().getImplementationVersion();
        return new String[] {"ecomstream " + (version != null ? version : "development build")};
    }
}
