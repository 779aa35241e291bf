/**
 * Turns data sources and flow targets into Kafka Connect connector configs: the Debezium
 * MySQL/MariaDB source and the MongoDB sink. Filled in by the CDC and MongoDB issues.
 */
package io.tapflow.connect;
