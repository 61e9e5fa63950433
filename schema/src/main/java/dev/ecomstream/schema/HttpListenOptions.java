package dev.ecomstream.schema;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * Where a command's HTTP server listens: the one declaration of {@code --http-address} and {@code --http-port}
 * (also spelt {@code --bind} and {@code --port}), mixed into every command that serves HTTP. The default
 * address is this machine only; the default port and the environment variables are each command's own,
 * supplied by a {@link Defaults} subclass named in its {@code @Command(defaultValueProvider = ...)}.
 */
public final class HttpListenOptions {

    /** This machine only: nothing served is protected by a login. */
    public static final String LOOPBACK = "127.0.0.1";

    @Option(names = {"--http-address", "--bind"}, paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}); 0.0.0.0 for every interface, e.g. in "
                    + "a container: then other machines reach it too, without a login.")
    String address;

    @Option(names = {"--http-port", "--port"}, paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one (logged) (default: ${DEFAULT-VALUE}).")
    int port;

    public String address() {
        return address == null ? LOOPBACK : address;
    }

    public int port() {
        return port;
    }

    /**
     * A command's defaults for these options: its environment variables, else the loopback address and its
     * port. picocli interpolates the {@code ${env:...}} returned here as it does an annotation's default.
     */
    public abstract static class Defaults implements IDefaultValueProvider {

        private final String addressVariable;
        private final String portVariable;
        private final int defaultPort;

        /** @param addressVariable the environment variable of the address, or null for none */
        protected Defaults(String addressVariable, String portVariable, int defaultPort) {
            this.addressVariable = addressVariable;
            this.portVariable = portVariable;
            this.defaultPort = defaultPort;
        }

        @Override
        public String defaultValue(ArgSpec argument) {
            if (!(argument instanceof OptionSpec option)) {
                return null;
            }
            return switch (option.longestName()) {
                case "--http-address" -> addressVariable == null ? LOOPBACK
                        : "${env:" + addressVariable + ":-" + LOOPBACK + "}";
                case "--http-port" -> "${env:" + portVariable + ":-" + defaultPort + "}";
                default -> null;
            };
        }
    }
}
