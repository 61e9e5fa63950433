package dev.ecomstream.bench;

import javax.sql.DataSource;

/** A database of its own for one step of the run, so no step sees another's rows. */
record BenchDatabase(String name, String jdbcUrl, String user, String password, DataSource dataSource) {
}
