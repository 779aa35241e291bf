/**
 * MongoDB targets: {@link io.tapflow.connect.mongodb.MongoSinkConnectorConfig} is the MongoDB sink connector
 * config that writes a flow's output topic into the flow's target collection, tuned by
 * {@link io.tapflow.connect.mongodb.MongoSinkOptions}.
 */
package io.tapflow.connect.mongodb;
