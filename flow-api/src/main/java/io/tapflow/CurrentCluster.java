package io.tapflow;

/** Holds the current {@link TapFlowCluster}; a program works with one at a time. */
final class CurrentCluster {

    static volatile TapFlowCluster cluster;

    private CurrentCluster() {
    }
}
