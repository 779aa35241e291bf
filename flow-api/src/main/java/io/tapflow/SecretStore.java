package io.tapflow;

/**
 * Where a stack keeps the secret values of the data sources saved to it, so that its catalog holds
 * only references. The embedded stack keeps them in a file only its user can read; a cluster may use
 * any store its Connect workers can read through a config provider.
 */
public interface SecretStore {

    /**
     * Stores a secret value under a reference such as {@code MySQL_ECommerce.password}.
     *
     * @return how Kafka Connect reads it back, for example {@code ${file:/path/secrets.properties:MySQL_ECommerce.password}}
     */
    String put(String reference, Secret secret);

    /**
     * How Kafka Connect reads the secret stored under a reference, for a connector config; for example
     * {@code ${file:/path/secrets.properties:MySQL_ECommerce.password}}.
     */
    String connectReference(String reference);

    /**
     * The secret stored under a reference.
     *
     * @throws IllegalStateException if nothing is stored under it
     */
    Secret get(String reference);
}
