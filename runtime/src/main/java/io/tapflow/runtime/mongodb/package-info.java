/**
 * The embedded stack's MongoDB: {@link io.tapflow.runtime.mongodb.EmbeddedMongoServer}, a MongoDB wire-protocol
 * server (mongo-java-server, not MongoDB itself) keeping its documents in an H2 file.
 */
package io.tapflow.runtime.mongodb;
