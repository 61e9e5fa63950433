package dev.ecomstream.sink;

import picocli.CommandLine.Option;

/** The one declaration of {@code --group}: the sink's consumer group, for the sink and its offsets commands. */
public final class ConsumerGroupOption {

    @Option(names = "--group", paramLabel = "GROUP", defaultValue = "${env:SINK_GROUP_ID:-" + SinkSettings.DEFAULT_GROUP + "}",
            description = "Consumer group; instances in one group share the partitions "
                    + "(env SINK_GROUP_ID; default: ${DEFAULT-VALUE}).")
    String group;

    public String group() {
        return group;
    }
}
