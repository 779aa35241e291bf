package io.tapflow.runtime.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which topics count as a flow's lookup state when start() checks that its state fits its definition. */
class FlowStateTopicsTest {

    @Test
    void aFlowsOwnStoreChangelogsCount() {
        String orders = "tapflow-flow-orders";
        assertThat(FlowRunner.isStoreChangelog(orders, orders + "-tapflow-root-table-changelog")).isTrue();
        assertThat(FlowRunner.isStoreChangelog(orders, orders + "-tapflow-lookup-1-root-groups-changelog")).isTrue();
        assertThat(FlowRunner.isStoreChangelog(orders,
                orders + "-tapflow-lookup-3-items.product-join-subscription-store-changelog")).isTrue();
        assertThat(FlowRunner.isStoreChangelog(orders, orders + "-tapflow-segment-1-table-changelog")).isTrue();
    }

    @Test
    void aFlowWhoseNameStartsWithThisOnesDoesNotCount() {
        String orders = "tapflow-flow-orders";
        assertThat(FlowRunner.isStoreChangelog(orders, "tapflow-flow-orders-v2-tapflow-root-table-changelog")).isFalse();
        assertThat(FlowRunner.isStoreChangelog(orders,
                "tapflow-flow-orders-tapflow-tapflow-lookup-1-root-joined-changelog")).isFalse();
        assertThat(FlowRunner.isStoreChangelog(orders, orders + "-tapflow-lookup-1-root-by-relation-repartition"))
                .isFalse();
    }
}
