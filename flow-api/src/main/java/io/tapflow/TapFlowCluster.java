package io.tapflow;

import java.util.Map;

/**
 * Where definitions are saved and flows run: the embedded stack on this machine, or an existing
 * Kafka and Kafka Connect cluster. The {@code runtime} module provides both; this interface is the
 * seam that lets {@link DataSource#save()} stay a one-word call, as in the original TapFlow.
 *
 * <p>A program works with one cluster at a time, the {@linkplain #current() current} one, which the
 * runtime sets when it starts or connects to a cluster.
 */
public interface TapFlowCluster {

    /**
     * Checks a data source against the real server (reachable, credentials, what change capture needs)
     * and stores it in the cluster's catalog, its secrets in the cluster's secret store.
     *
     * @return the data source
     * @throws IllegalArgumentException naming what is wrong and how to fix it, in the definition or on the
     *     server (unreachable, login refused, binlog settings, privileges); nothing is stored then
     */
    DataSource save(DataSource dataSource);

    /**
     * Checks a flow against the saved data sources (its source a saved {@code mysql} source whose database
     * has the table, its target a saved target of a kind flows can write) and stores it in the catalog.
     *
     * @return the flow
     * @throws FlowDefinitionException naming the flow, what is wrong and how to fix it; nothing is stored then
     */
    Flow save(Flow flow);

    /**
     * Starts a saved flow: captures its table, runs its stages and keeps its target equal to the result.
     * Starting a running flow changes nothing.
     *
     * @throws IllegalStateException if the flow is not saved, or was saved with another definition, or cannot
     *     start; the message says why and what to do
     */
    default void start(Flow flow) {
        start(flow, Map.of());
    }

    /** Starts a saved flow as {@link #start(Flow)} does; its functions read {@code env} as their context's env. */
    void start(Flow flow, Map<String, String> env);

    /** Stops the flow of that name if it runs here; its position is kept for the next start. */
    void stop(String flowName);

    /** Where the flow of that name is. */
    FlowStatus status(String flowName);

    /**
     * The cluster {@link DataSource#save()} uses.
     *
     * @throws IllegalStateException if no cluster was started or connected to
     */
    static TapFlowCluster current() {
        TapFlowCluster cluster = CurrentCluster.cluster;
        if (cluster == null) {
            throw new IllegalStateException("no TapFlow cluster to save to. Fix: start the embedded stack"
                    + " (TapFlow.embedded(...)) or connect to a cluster (TapFlow.connect(...)) first.");
        }
        return cluster;
    }

    /** Makes {@code cluster} the current one. Called by the runtime. */
    static void use(TapFlowCluster cluster) {
        CurrentCluster.cluster = cluster;
    }

    /** Clears the current cluster if it is {@code cluster} (which is closing). Called by the runtime. */
    static void release(TapFlowCluster cluster) {
        synchronized (CurrentCluster.class) {
            if (CurrentCluster.cluster == cluster) {
                CurrentCluster.cluster = null;
            }
        }
    }
}
