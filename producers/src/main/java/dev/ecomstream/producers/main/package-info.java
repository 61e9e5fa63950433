/**
 * Seven thin entry points, one per entity, for running one dataset's producer by class name
 * ({@code dev.ecomstream.producers.main.OrdersProducer FILE}). Each holds one line that runs the
 * {@link dev.ecomstream.producers.cli.ProducerCommand} for its entity; everything entity-specific comes from
 * the catalog.
 */
package dev.ecomstream.producers.main;
