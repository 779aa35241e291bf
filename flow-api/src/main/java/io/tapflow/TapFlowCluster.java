package io.tapflow;

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
