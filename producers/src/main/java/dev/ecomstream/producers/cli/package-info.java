/**
 * The command line of the producers' jar: one subcommand per entity and {@code all DIR}, their picocli options
 * (Kafka connection, topic creation, what to do with the rows) with environment-variable defaults, the
 * validation of those options, the dry run, and the exit codes. It turns options into a
 * {@link dev.ecomstream.producers.publish.PublishOptions} and hands each file to the publisher; no reading or
 * sending logic lives here.
 */
package dev.ecomstream.producers.cli;
