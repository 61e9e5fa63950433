/**
 * The one publishing engine and what it needs from Kafka: {@link dev.ecomstream.producers.publish.EntityPublisher}
 * runs reading, converting and sending on threads of their own, writes rejected rows to the rejects file,
 * paces by rate or replay speed, shows progress, and returns counts that reconcile (read = published +
 * rejected). This package also owns the producer's client settings, the broker check and topic creation at
 * start, and the failures that stop a run (a record Kafka refused, a bad row under fail-fast). It is the API
 * the quickstart and the benchmarks call.
 */
package dev.ecomstream.producers.publish;
