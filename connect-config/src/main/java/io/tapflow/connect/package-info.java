/**
 * Turns data sources and flow targets into Kafka Connect connector configs, and checks the databases
 * behind them before anything runs ({@link io.tapflow.connect.SourceCheckException}). One package per
 * kind of database, with the same class names: {@code io.tapflow.connect.mysql.MySqlSourceCheck}, ...
 */
package io.tapflow.connect;
