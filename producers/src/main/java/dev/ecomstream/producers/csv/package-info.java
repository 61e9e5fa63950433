/**
 * Reading a TheLook CSV export: the file's bytes decoded as UTF-8 (a bad byte flags its row rather than
 * ending the run), commons-csv records with the physical line each starts on, and the header matched against
 * the entity catalog. This package owns what can go wrong in the file's structure: a header that does not fit,
 * a quote that breaks the rest of the file ({@link dev.ecomstream.producers.csv.CsvSyntaxException}), and a
 * quoted field that swallowed lines where the catalog allows no line break, returned as one unreadable row per
 * line. It knows nothing of JSON or Kafka.
 */
package dev.ecomstream.producers.csv;
