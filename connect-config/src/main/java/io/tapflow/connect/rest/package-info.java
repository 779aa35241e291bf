/**
 * A typed client for the Kafka Connect REST API ({@link io.tapflow.connect.rest.ConnectRestClient}): the
 * one code path that drives both the embedded Connect worker and an existing distributed Connect cluster.
 */
package io.tapflow.connect.rest;
