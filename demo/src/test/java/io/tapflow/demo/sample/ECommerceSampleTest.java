package io.tapflow.demo.sample;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.joining;
import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.partitioningBy;
import static java.util.stream.Collectors.toList;
import static java.util.stream.Collectors.toMap;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ECommerceSampleTest {

    private static final String HEX_ID = "[0-9a-f]{32}";

    /** The standard sample, made once: the distributions are checked at full scale. */
    private static ECommerceSample sample;
    private static List<Order> orders;
    private static List<OrderItem> items;
    private static List<Customer> customers;
    private static List<Product> products;

    @BeforeAll
    static void generate() {
        sample = ECommerceSample.standard();
        orders = sample.orders().toList();
        items = sample.orderItems().toList();
        customers = sample.customers().toList();
        products = sample.products().toList();
    }

    @Test
    void generatesTheSameRowsEveryTime() {
        ECommerceSample again = ECommerceSample.standard();

        // Compared row by row as they are made: two copies of the standard sample would not fit the test heap.
        assertSameRows(again.orders(), orders);
        assertSameRows(again.orderItems(), items);
        assertThat(again.customers().toList()).isEqualTo(customers);
        assertThat(again.products().toList()).isEqualTo(products);
    }

    @Test
    void firstRowsArePinned() {
        // Pinned: the generator is meant to give these rows on every JVM, forever. A change here changes
        // the demo's data; make it on purpose.
        assertThat(orders.getFirst()).isEqualTo(new Order("ad6421b29c05a6b9e5db24a074a1686d",
                "d34557817234ee24f8ef423bce4c5d95", "delivered", LocalDateTime.parse("2018-06-22T16:00:12"),
                LocalDateTime.parse("2018-06-22T16:49:32"), LocalDateTime.parse("2018-06-22T22:52:46"),
                LocalDateTime.parse("2018-06-30T16:09:37"), LocalDateTime.parse("2018-07-07T00:00:00")));
        assertThat(items.getFirst()).isEqualTo(new OrderItem("ad6421b29c05a6b9e5db24a074a1686d", 1,
                "8f4019ddae4986e870c93cb631782dcb", "cc54689a8dc3b9d76c2918afa414feb3",
                LocalDateTime.parse("2018-06-26T23:53:29"), new BigDecimal("426.86"), new BigDecimal("27.32")));
        assertThat(customers.getFirst()).isEqualTo(new Customer("6337bd81a20ca8b578bcd3a623b8fec5",
                "4c5722827a9d81f959505db0e05dc5f9", "08505", "ferraz de vasconcelos", "SP"));
        assertThat(products.getFirst()).isEqualTo(new Product("cfc76c0d1d9135b72537d109f593d612", "cama_mesa_banho",
                40, 769, 1, 4185, 34, 50, 19));
        assertThat(sample.orderItemCount()).isEqualTo(133_192);
    }

    @Test
    void everyValueIsPinned() throws NoSuchAlgorithmException {
        // The SHA-256 of every value as loaded, table by table; the same on JDK 17 and 25, in any locale and
        // time zone. A change here changes the demo's data; make it on purpose.
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        update(digest, SampleTable.CUSTOMERS, customers);
        update(digest, SampleTable.PRODUCTS, products);
        update(digest, SampleTable.ORDERS, orders);
        update(digest, SampleTable.ORDER_ITEMS, items);

        assertThat(HexFormat.of().formatHex(digest.digest()))
                .isEqualTo("b49e90e025a14587a680f5ffe83fccfbe945b80edc0da93b1c7faedba6159016");
    }

    @Test
    void standardSampleHasTheStandardSize() {
        assertThat(sample.orderCount()).isEqualTo(100_000).isEqualTo(orders.size());
        assertThat(sample.customerCount()).isEqualTo(30_000).isEqualTo(customers.size());
        assertThat(sample.productCount()).isEqualTo(5_000).isEqualTo(products.size());
        assertThat(sample.orderItemCount()).isEqualTo(items.size());
        assertThat(items.size() / (double) orders.size()).isCloseTo(1.33, within(0.02));
    }

    @Test
    void smallerSampleScalesCustomersAndProductsAndKeepsTheFirstOrders() {
        ECommerceSample small = ECommerceSample.withOrders(10_000);

        assertThat(small.orderCount()).isEqualTo(10_000);
        assertThat(small.customerCount()).isEqualTo(3_000);
        assertThat(small.productCount()).isEqualTo(500);
        assertThat(small.orders().map(Order::orderId).toList())
                .isEqualTo(orders.subList(0, 10_000).stream().map(Order::orderId).toList());
        assertThat(ECommerceSample.withOrders(1).customerCount()).isEqualTo(1);
        assertThat(ECommerceSample.withOrders(1).productCount()).isEqualTo(1);
    }

    @Test
    void refusesASampleWithoutOrders() {
        assertThatThrownBy(() -> ECommerceSample.withOrders(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a sample needs at least one order, not 0");
    }

    @Test
    void idsAreOlistLikeAndPrimaryKeysUnique() {
        assertThat(orders).extracting(Order::orderId).allMatch(id -> id.matches(HEX_ID)).doesNotHaveDuplicates();
        assertThat(customers).extracting(Customer::customerId).allMatch(id -> id.matches(HEX_ID))
                .doesNotHaveDuplicates();
        assertThat(products).extracting(Product::productId).allMatch(id -> id.matches(HEX_ID)).doesNotHaveDuplicates();
        assertThat(items).extracting(item -> item.orderId() + "/" + item.orderItemId()).doesNotHaveDuplicates();
        assertThat(items).extracting(OrderItem::sellerId).allMatch(id -> id.matches(HEX_ID));
        assertThat(customers).extracting(Customer::customerUniqueId).allMatch(id -> id.matches(HEX_ID));
    }

    @Test
    void everyReferenceResolves() {
        Set<String> customerIds = customers.stream().map(Customer::customerId).collect(toSet());
        Set<String> orderIds = orders.stream().map(Order::orderId).collect(toSet());
        Set<String> productIds = products.stream().map(Product::productId).collect(toSet());

        assertThat(orders).extracting(Order::customerId).allMatch(customerIds::contains);
        assertThat(items).extracting(OrderItem::orderId).allMatch(orderIds::contains);
        assertThat(items).extracting(OrderItem::productId).allMatch(productIds::contains);
        assertThat(items.stream().map(OrderItem::orderId).distinct().count()).isEqualTo(orders.size());
    }

    @Test
    void everyOrderHasOneToThreeItemsNumberedFromOne() {
        Map<String, List<Integer>> numbers = items.stream().collect(groupingBy(OrderItem::orderId,
                mapping(OrderItem::orderItemId, toList())));

        Set<List<Integer>> allowed = Set.of(List.of(1), List.of(1, 2), List.of(1, 2, 3));
        assertThat(numbers.values().stream().filter(ids -> !allowed.contains(ids)).findFirst()).isEmpty();
        assertThat(numbers.values().stream().collect(groupingBy(List::size, counting())))
                .containsOnlyKeys(1, 2, 3);
    }

    @Test
    void statusesHaveOlistsProportionsAndTheTwoBrokenOnes() {
        Map<String, Long> statuses = orders.stream().collect(groupingBy(Order::orderStatus, counting()));

        assertThat(statuses).containsOnlyKeys("delivered", "shipped", "canceled", "unavailable", "invoiced",
                "processing", "created", "approved", "", "SendError");
        assertThat(share(statuses.get("delivered"))).isCloseTo(0.95, within(0.005));
        assertThat(share(statuses.get(""))).isCloseTo(0.012, within(0.002));
        assertThat(share(statuses.get("SendError"))).isCloseTo(0.0085, within(0.002));
        assertThat(statuses.get("shipped")).isGreaterThan(statuses.get("canceled"));
    }

    @Test
    void datesFollowEachOtherAndTheStatus() {
        assertThat(orders.stream().filter(order -> !datesFitTheStatus(order)).findFirst()).isEmpty();
        assertThat(orders).extracting(Order::orderPurchaseTimestamp)
                .allMatch(purchased -> purchased.isAfter(LocalDateTime.parse("2016-09-01T00:00:00")))
                .allMatch(purchased -> purchased.isBefore(LocalDateTime.parse("2018-11-01T00:00:00")));
        assertThat(orders).filteredOn(order -> order.orderStatus().equals("canceled"))
                .anyMatch(order -> order.orderApprovedAt() == null)
                .anyMatch(order -> order.orderDeliveredCarrierDate() != null);
    }

    @Test
    void aboutOneDeliveryInTwelveIsLate() {
        List<Order> delivered = orders.stream().filter(order -> order.orderDeliveredCustomerDate() != null).toList();
        long late = delivered.stream()
                .filter(order -> order.orderDeliveredCustomerDate().isAfter(order.orderEstimatedDeliveryDate()))
                .count();

        assertThat(late / (double) delivered.size()).isCloseTo(0.08, within(0.005));
    }

    @Test
    void customersLiveInBrazilianCitiesWeightedLikeOlists() {
        Map<String, Long> cities = customers.stream().collect(groupingBy(Customer::customerCity, counting()));
        Map<String, Long> states = customers.stream().collect(groupingBy(Customer::customerState, counting()));
        Map<String, Set<String>> statesOfCity = customers.stream().collect(groupingBy(Customer::customerCity,
                mapping(Customer::customerState, toSet())));

        assertThat(mostCommon(cities, 4)).containsExactly("sao paulo", "rio de janeiro", "belo horizonte", "brasilia");
        assertThat(share(cities.get("sao paulo"), customers.size())).isCloseTo(0.156, within(0.005));
        assertThat(states).hasSize(27);
        assertThat(share(states.get("SP"), customers.size())).isCloseTo(0.42, within(0.01));
        assertThat(statesOfCity.get("sao paulo")).containsExactly("SP");
        assertThat(statesOfCity.get("rio de janeiro")).containsExactly("RJ");
        assertThat(statesOfCity.values()).allSatisfy(stateSet -> assertThat(stateSet).hasSize(1));
        assertThat(customers).extracting(Customer::customerZipCodePrefix).allMatch(zip -> zip.matches("[0-9]{5}"));
        assertThat(customers).filteredOn(customer -> customer.customerCity().equals("sao paulo"))
                .extracting(Customer::customerZipCodePrefix).allMatch(zip -> zip.compareTo("01000") >= 0
                        && zip.compareTo("05999") <= 0);
        assertThat(customers.stream().map(Customer::customerUniqueId).distinct().count())
                .isBetween(customers.size() * 96L / 100, customers.size() * 98L / 100);
    }

    @Test
    void productsHavePortugueseCategoriesOrNoneLikeOlists() {
        Map<Boolean, List<Product>> byCategorised = products.stream()
                .collect(partitioningBy(product -> product.productCategoryName() != null));

        assertThat(byCategorised.get(true)).extracting(Product::productCategoryName)
                .allMatch(Categories.names()::contains)
                .contains("cama_mesa_banho", "esporte_lazer", "beleza_saude");
        assertThat(byCategorised.get(false).size() / (double) products.size()).isCloseTo(0.0185, within(0.006));
        assertThat(byCategorised.get(false)).allSatisfy(product -> assertThat(Stream.of(
                product.productNameLenght(), product.productDescriptionLenght(), product.productPhotosQty()))
                .containsOnlyNulls());
        assertThat(byCategorised.get(true)).allSatisfy(product -> {
            assertThat(product.productNameLenght()).isBetween(20, 76);
            assertThat(product.productDescriptionLenght()).isBetween(80, 4_000);
            assertThat(product.productPhotosQty()).isBetween(1, 10);
        });
        assertThat(products).allSatisfy(product -> {
            assertThat(product.productWeightG()).isBetween(50, 30_000);
            assertThat(product.productLengthCm()).isBetween(11, 105);
            assertThat(product.productHeightCm()).isBetween(2, 105);
            assertThat(product.productWidthCm()).isBetween(11, 100);
        });
    }

    @Test
    void pricesAndFreightAreInReaisWithTwoDecimals() {
        BigDecimal min = new BigDecimal("0.85");
        BigDecimal max = new BigDecimal("6735.00");
        assertThat(items.stream().filter(item -> item.price().scale() != 2 || item.freightValue().scale() != 2
                || item.price().compareTo(min) < 0 || item.price().compareTo(max) > 0
                || item.freightValue().compareTo(new BigDecimal("7.00")) < 0).findFirst()).isEmpty();
        List<BigDecimal> prices = items.stream().map(OrderItem::price).sorted().toList();
        assertThat(prices.get(prices.size() / 2)).isBetween(new BigDecimal("50"), new BigDecimal("120"));
        Map<String, Order> byId = orders.stream().collect(toMap(Order::orderId,
                Function.identity()));
        assertThat(items.stream()
                .filter(item -> !item.shippingLimitDate().isAfter(byId.get(item.orderId()).orderPurchaseTimestamp()))
                .findFirst()).isEmpty();
    }

    private static <R> void update(MessageDigest digest, SampleTable<R> table, List<R> rows) {
        for (R row : rows) {
            String line = table.columns().stream().map(column -> String.valueOf(column.value().apply(row)))
                    .collect(joining("\t", "", "\n"));
            digest.update(line.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static <T> void assertSameRows(Stream<T> rows, List<T> expected) {
        Iterator<T> iterator = rows.iterator();
        for (int i = 0; i < expected.size(); i++) {
            assertThat(iterator.next()).as("row %d", i).isEqualTo(expected.get(i));
        }
        assertThat(iterator.hasNext()).as("more rows than the first time").isFalse();
    }

    /**
     * Purchase, approval, carrier and delivery in this order, none missing before one present; the
     * estimate at midnight after the purchase; the dates each status has (see {@link Order}).
     */
    private static boolean datesFitTheStatus(Order order) {
        List<LocalDateTime> steps = Arrays.asList(order.orderPurchaseTimestamp(), order.orderApprovedAt(),
                order.orderDeliveredCarrierDate(), order.orderDeliveredCustomerDate());
        List<LocalDateTime> reached = steps.stream().takeWhile(Objects::nonNull).toList();
        boolean inOrder = reached.stream().sorted().distinct().toList().equals(reached)
                && steps.subList(reached.size(), steps.size()).stream().allMatch(Objects::isNull);
        boolean estimated = order.orderEstimatedDeliveryDate().isAfter(order.orderPurchaseTimestamp())
                && order.orderEstimatedDeliveryDate().toLocalTime().equals(LocalTime.MIDNIGHT);
        int expectedSteps = switch (order.orderStatus()) {
            case "delivered" -> 4;
            case "shipped" -> 3;
            case "created" -> 1;
            case "canceled" -> Math.min(reached.size(), 3);
            default -> 2;
        };
        return inOrder && estimated && reached.size() == expectedSteps;
    }

    private static double share(long count) {
        return share(count, orders.size());
    }

    private static double share(long count, long total) {
        return count / (double) total;
    }

    private static List<String> mostCommon(Map<String, Long> counts, int n) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(n).map(Map.Entry::getKey).toList();
    }
}
