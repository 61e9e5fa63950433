package dev.ecomstream.sink;

import dev.ecomstream.schema.KafkaConnectionOptions;
import dev.ecomstream.schema.PostgresOptions;
import dev.ecomstream.sink.failure.SinkFailedException;
import dev.ecomstream.sink.offsets.OffsetReset;
import dev.ecomstream.sink.offsets.PartitionFencedException;
import dev.ecomstream.sink.offsets.StoredOffsetsTable;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ecomstream-sink offsets show|reset}: the stored offsets in {@code staging.sink_offsets} decide where the
 * sink reads every partition from (Kafka's committed offsets are only a copy for lag views), so Kafka's own
 * {@code kafka-consumer-groups --reset-offsets} cannot move them; these commands do.
 */
@Command(name = "offsets", mixinStandardHelpOptions = true,
        description = "Shows or moves the sink's stored offsets (staging.sink_offsets), which decide where the sink "
                + "reads each partition from.",
        subcommands = {SinkOffsetsCommand.Show.class, SinkOffsetsCommand.Reset.class},
        footer = {"", "Exit codes: 0 done, 1 failed (the message says what to fix), 2 bad command line."})
final class SinkOffsetsCommand {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(15);

    /** What both subcommands need: Kafka, PostgreSQL, the group, and where to print. */
    abstract static class OffsetsSubcommand implements Callable<Integer> {

        @Mixin
        KafkaConnectionOptions kafka;

        @Mixin
        PostgresOptions postgres;

        @Mixin
        ConsumerGroupOption group;

        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        Admin admin() {
            Properties properties = new Properties();
            properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "ecomstream-sink-offsets");
            properties.putAll(kafka.clientProperties());
            return Admin.create(properties);
        }

        <T> T await(KafkaFuture<T> future, String what) {
            try {
                return future.get(KAFKA_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new SinkFailedException("Kafka at " + kafka.bootstrapServers() + " did not answer within "
                        + KAFKA_TIMEOUT.toSeconds() + " s while " + what + ". To fix: check --bootstrap-servers and "
                        + "the security settings (--kafka-config, --kafka-property).", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw new SinkFailedException("Kafka refused " + what + ": " + e.getCause().getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SinkFailedException("Interrupted while " + what, e);
            }
        }

        /** The group's members now: a running sink instance is one (so is a stopped static member, until its session times out). */
        Collection<MemberDescription> members(Admin admin) {
            try {
                ConsumerGroupDescription description = await(admin.describeConsumerGroups(List.of(group.group()))
                        .describedGroups().get(group.group()), "describing consumer group '" + group.group() + "'");
                return description.members();
            } catch (GroupIdNotFoundException e) {
                return List.of();
            }
        }

        /** Every partition of the topics, in order; a topic Kafka does not have has none. */
        List<TopicPartition> partitions(Admin admin, Collection<String> topics) {
            List<TopicPartition> partitions = new ArrayList<>();
            Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(topics).topicNameValues();
            for (String topic : topics) {
                try {
                    await(described.get(topic), "describing topic " + topic).partitions()
                            .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                } catch (UnknownTopicOrPartitionException e) {
                    // shown as missing by the caller
                }
            }
            partitions.sort(StoredOffsetsTable.ORDER);
            return partitions;
        }

        Map<TopicPartition, Long> listOffsets(Admin admin, Collection<TopicPartition> partitions, OffsetSpec spec,
                                              String what) {
            if (partitions.isEmpty()) {
                return Map.of();
            }
            Map<TopicPartition, OffsetSpec> request = partitions.stream()
                    .collect(Collectors.toMap(Function.identity(), partition -> spec));
            Map<TopicPartition, Long> offsets = new HashMap<>();
            await(admin.listOffsets(request).all(), what).forEach((partition, info) -> offsets.put(partition, info.offset()));
            return offsets;
        }

        Map<TopicPartition, Long> storedOffsets() {
            return new StoredOffsetsTable(postgres).readAll();
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Per topic and partition: the stored offset (where the sink reads on), the log's start and "
                    + "end in Kafka, and the lag between them; and whether sinks of the group are running.",
            footer = {"", "Exit codes: 0 shown, 1 failed (the message says what to fix), 2 bad command line."})
    static final class Show extends OffsetsSubcommand {

        @Option(names = "--topic", paramLabel = "TOPIC",
                description = "Only this topic (repeatable); default: every topic with a stored offset.")
        List<String> topics = new ArrayList<>();

        @Override
        public Integer call() {
            Map<TopicPartition, Long> stored = storedOffsets();
            Set<String> shown = new LinkedHashSet<>(topics);
            if (shown.isEmpty()) {
                stored.keySet().forEach(partition -> shown.add(partition.topic()));
            }
            stored.keySet().removeIf(partition -> !shown.contains(partition.topic()));
            if (shown.isEmpty()) {
                out().println("No stored offsets in staging.sink_offsets: no sink has landed anything in this "
                        + "database yet.");
                return 0;
            }
            try (Admin admin = admin()) {
                Collection<MemberDescription> members = members(admin);
                List<TopicPartition> inKafka = partitions(admin, shown);
                Set<TopicPartition> partitions = new TreeSet<>(StoredOffsetsTable.ORDER);
                partitions.addAll(inKafka);
                partitions.addAll(stored.keySet());
                Map<TopicPartition, Long> start = listOffsets(admin, inKafka, OffsetSpec.earliest(), "reading log starts");
                Map<TopicPartition, Long> end = listOffsets(admin, inKafka, OffsetSpec.latest(), "reading log ends");
                out().println(runningLine(members));
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("TOPIC", "PARTITION", "STORED", "LOG START", "LOG END", "LAG", "NOTE"));
                for (String topic : shown) {
                    if (partitions.stream().noneMatch(partition -> partition.topic().equals(topic))) {
                        rows.add(List.of(topic, "-", "-", "-", "-", "-", "topic not in Kafka, no stored offsets"));
                    }
                }
                for (TopicPartition partition : partitions) {
                    Long at = stored.get(partition);
                    Long first = start.get(partition);
                    Long next = end.get(partition);
                    rows.add(List.of(partition.topic(), Integer.toString(partition.partition()), text(at), text(first),
                            text(next), at == null || next == null ? "-" : Long.toString(Math.max(0, next - at)),
                            note(at, first, next)));
                }
                printTable(rows);
            }
            return 0;
        }

        private String runningLine(Collection<MemberDescription> members) {
            return members.isEmpty() ? "Consumer group '" + group.group() + "': no sink running"
                    : "Consumer group '" + group.group() + "': " + members.size() + " member(s) running: "
                            + describe(members);
        }

        private static String note(Long stored, Long logStart, Long logEnd) {
            if (logStart == null) {
                return "topic or partition not in Kafka";
            }
            if (stored == null) {
                return "no stored offset: a sink starts at --start-from";
            }
            if (stored < logStart || stored > logEnd) {
                return "outside the log: the sink stops this partition (see --accept-offset-gaps)";
            }
            return "";
        }

        private static String text(Long value) {
            return value == null ? "-" : value.toString();
        }

        private void printTable(List<List<String>> rows) {
            int[] widths = new int[rows.get(0).size()];
            for (List<String> row : rows) {
                for (int i = 0; i < row.size(); i++) {
                    widths[i] = Math.max(widths[i], row.get(i).length());
                }
            }
            for (List<String> row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.size(); i++) {
                    line.append(String.format("%-" + widths[i] + "s", row.get(i))).append(i < row.size() - 1 ? "  " : "");
                }
                out().println(line.toString().stripTrailing());
            }
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = {"Moves the stored offsets of a topic's partitions: back to land records again (a replay), "
                    + "or forward to skip them. Refused while a sink of the group runs. Each move is recorded in "
                    + "staging.sink_offset_gaps; the sink reads from the new offsets when it next starts."},
            footer = {"", "Exit codes: 0 reset (or nothing to change), 1 failed or refused (the message says what "
                    + "to fix), 2 bad command line."})
    static final class Reset extends OffsetsSubcommand {

        private static final Logger log = LoggerFactory.getLogger(Reset.class);

        @Option(names = "--topic", paramLabel = "TOPIC", required = true, description = "The topic to reset.")
        String topic;

        @Option(names = "--partition", paramLabel = "N", description = "Only this partition; default: all of the topic's.")
        Integer partition;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Option(names = "--dry-run", description = "Print what would change, and change nothing.")
        boolean dryRun;

        /** Where to: exactly one of them. */
        static final class Target {
            @Option(names = "--to-earliest", required = true, description = "The log's first offset: everything "
                    + "still in Kafka is landed again.")
            boolean earliest;

            @Option(names = "--to-latest", required = true, description = "The log's end: what is in Kafka now is "
                    + "never landed.")
            boolean latest;

            @Option(names = "--to-datetime", required = true, paramLabel = "ISO-INSTANT",
                    description = "The first record with a timestamp at or after this instant, e.g. "
                            + "2025-01-31T12:00:00Z (the log's end when there is none).")
            String datetime;

            @Option(names = "--to-offset", required = true, paramLabel = "N",
                    description = "This offset, which must lie between the log's start and end.")
            Long offset;

            String option() {
                return earliest ? "--to-earliest" : latest ? "--to-latest"
                        : datetime != null ? "--to-datetime " + datetime : "--to-offset " + offset;
            }
        }

        @Override
        public Integer call() {
            Instant instant = parseInstant();
            try (Admin admin = admin()) {
                List<TopicPartition> partitions = chosenPartitions(admin);
                Collection<MemberDescription> members = members(admin);
                if (!members.isEmpty()) {
                    throw new SinkFailedException("Refusing to reset " + topic + ": consumer group '" + group.group()
                            + "' has " + members.size() + " running member(s) (" + describe(members) + "), which "
                            + "would land batches past the reset. To fix: stop every sink of the group and run the "
                            + "reset again (a stopped sink with an instance id stays a member until its session "
                            + "times out, session.timeout.ms, 45 s by default).", null);
                }
                Map<TopicPartition, Long> start = listOffsets(admin, partitions, OffsetSpec.earliest(), "reading log starts");
                Map<TopicPartition, Long> end = listOffsets(admin, partitions, OffsetSpec.latest(), "reading log ends");
                Map<TopicPartition, Long> targets = targets(admin, partitions, instant, start, end);
                Map<TopicPartition, Long> stored = storedOffsets();
                List<OffsetReset> resets = new ArrayList<>();
                for (TopicPartition tp : partitions) {
                    resets.add(new OffsetReset(tp, stored.get(tp), targets.get(tp), target.option()));
                }
                for (OffsetReset reset : resets) {
                    out().println(reset.partition() + ": " + reset.description());
                }
                if (dryRun) {
                    out().println("Dry run: nothing changed.");
                    return 0;
                }
                if (resets.stream().noneMatch(OffsetReset::changes)) {
                    out().println("Nothing to change.");
                    return 0;
                }
                apply(resets);
                alignCommittedOffsets(admin, targets);
                out().println("Recorded in staging.sink_offset_gaps. The sink reads these partitions from the new "
                        + "offsets when it next starts.");
                log.info("Offsets of {} reset ({}) for group '{}'", topic, target.option(), group.group());
            }
            return 0;
        }

        private Instant parseInstant() {
            if (target.datetime == null) {
                return null;
            }
            try {
                return Instant.parse(target.datetime);
            } catch (DateTimeParseException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--to-datetime '" + target.datetime
                        + "' is not an ISO instant. To fix: write it like 2025-01-31T12:00:00Z (UTC) or "
                        + "2025-01-31T13:00:00+01:00.");
            }
        }

        private List<TopicPartition> chosenPartitions(Admin admin) {
            List<TopicPartition> all = partitions(admin, List.of(topic));
            if (all.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--topic " + topic + ": Kafka at "
                        + kafka.bootstrapServers() + " has no such topic. To fix: name a topic the sink consumes "
                        + "('offsets show' lists those with stored offsets).");
            }
            if (partition == null) {
                return all;
            }
            TopicPartition chosen = new TopicPartition(topic, partition);
            if (!all.contains(chosen)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--partition " + partition + ": topic "
                        + topic + " has partitions 0 to " + (all.size() - 1) + ". To fix: give one of those, or "
                        + "leave --partition out to reset them all.");
            }
            return List.of(chosen);
        }

        private Map<TopicPartition, Long> targets(Admin admin, List<TopicPartition> partitions, Instant instant,
                                                  Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {
            if (target.earliest) {
                return start;
            }
            if (target.latest) {
                return end;
            }
            Map<TopicPartition, Long> targets = new TreeMap<>(StoredOffsetsTable.ORDER);
            if (instant != null) {
                listOffsets(admin, partitions, OffsetSpec.forTimestamp(instant.toEpochMilli()), "finding offsets by time")
                        // -1: no record at or after the instant, so the reading starts at the log's end
                        .forEach((tp, offset) -> targets.put(tp, offset < 0 ? end.get(tp) : offset));
                return targets;
            }
            for (TopicPartition tp : partitions) {
                if (target.offset < start.get(tp) || target.offset > end.get(tp)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--to-offset " + target.offset
                            + " is outside the log of " + tp + " (offsets " + start.get(tp) + " to " + end.get(tp)
                            + "). To fix: give an offset in that range, or use --to-earliest or --to-latest.");
                }
                targets.put(tp, target.offset);
            }
            return targets;
        }

        private void apply(List<OffsetReset> resets) {
            try {
                new StoredOffsetsTable(postgres).apply(resets, group.group());
            } catch (PartitionFencedException e) {
                throw new SinkFailedException("Nothing was reset: the stored offset of " + e.partition() + " moved "
                        + "while resetting (now " + e.stored().get(e.partition()) + "), so a sink is landing it, "
                        + "perhaps of another group. To fix: stop every sink that reads " + topic + " into this "
                        + "database and run the reset again.", e);
            }
        }

        /** Kafka's committed offsets are only for lag views; align them so those views agree at once. */
        private void alignCommittedOffsets(Admin admin, Map<TopicPartition, Long> targets) {
            Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
            targets.forEach((tp, offset) -> committed.put(tp, new OffsetAndMetadata(offset)));
            try {
                await(admin.alterConsumerGroupOffsets(group.group(), committed).all(),
                        "aligning the group's committed offsets");
            } catch (RuntimeException e) {
                log.warn("The stored offsets were reset, but Kafka's committed offsets of group '{}' were not "
                        + "aligned ({}); lag views catch up when the sink next commits", group.group(), e.getMessage());
            }
        }
    }

    private static String describe(Collection<MemberDescription> members) {
        return members.stream()
                .map(member -> member.groupInstanceId().orElse(member.consumerId()) + " at " + member.host())
                .collect(Collectors.joining(", "));
    }
}
