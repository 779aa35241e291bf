package io.tapflow.demo.sample;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the rows of {@code ecom_orders} and, with each order, its rows of {@code ecom_order_items}: each
 * order from its number alone, given the sample's customers and products.
 */
final class OrderGenerator {

    /** An order and its items. */
    record PlacedOrder(Order order, List<OrderItem> items) {
    }

    /** Olist's statuses, in Olist's proportions, and the two broken ones the demo's clean-up repairs. */
    private static final Weighted<String> STATUSES = Weighted.<String>builder()
            .add("delivered", 95_000)
            .add("shipped", 1_100)
            .add("canceled", 620)
            .add("unavailable", 600)
            .add("invoiced", 310)
            .add("processing", 300)
            .add("created", 10)
            .add("approved", 10)
            .add("", 1_200)
            .add("SendError", 850)
            .build();
    /** One to three items an order; Olist's orders mostly have one. */
    private static final Weighted<Integer> ITEM_COUNTS = Weighted.<Integer>builder()
            .add(1, 75).add(2, 17).add(3, 8)
            .build();
    /** Olist's orders per month: a few in late 2016, a growing business through 2017, a plateau in 2018. */
    private static final Weighted<YearMonth> MONTHS = months("""
            2016-09 4     2016-10 324   2016-12 1
            2017-01 800   2017-02 1780  2017-03 2682  2017-04 2404  2017-05 3700  2017-06 3245
            2017-07 4026  2017-08 4331  2017-09 4285  2017-10 4631  2017-11 7544  2017-12 5673
            2018-01 7269  2018-02 6728  2018-03 7211  2018-04 6939  2018-05 6873  2018-06 6167
            2018-07 6292  2018-08 6512  2018-09 16    2018-10 4
            """);
    /** Olist's orders per hour of the day: quiet at night, busy from ten in the morning. */
    private static final Weighted<Integer> HOURS = hours(2394, 1170, 510, 272, 206, 188, 502, 1231, 2967, 4785,
            6177, 6578, 5995, 6518, 6569, 6454, 6675, 6150, 5769, 5982, 6193, 6217, 5816, 4123);
    /** Olist delivers about 8% of its orders after the estimated date. */
    private static final double LATE = 0.08;
    /** How often a second or third item is another unit of the item before it, as Olist records them. */
    private static final double SAME_PRODUCT_AGAIN = 0.45;
    /** How often an item sells below its listed price. */
    private static final double DISCOUNTED = 0.08;

    private static final long MINUTE = 60;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private final long seed;
    private final List<Customer> customers;
    private final List<ProductGenerator.Listing> listings;

    OrderGenerator(long seed, List<Customer> customers, List<ProductGenerator.Listing> listings) {
        this.seed = seed;
        this.customers = customers;
        this.listings = listings;
    }

    /** How many items order {@code index} has, without making the order. */
    int itemCount(int index) {
        return ITEM_COUNTS.pick(random(index));
    }

    /** The id of order {@code index}, without making the order. */
    String orderId(int index) {
        SampleRandom random = random(index);
        ITEM_COUNTS.pick(random);
        return random.hexId();
    }

    PlacedOrder order(int index) {
        SampleRandom random = random(index);
        // The item count first and the id second, as itemCount(index) and orderId(index) draw them.
        int itemCount = ITEM_COUNTS.pick(random);
        String orderId = random.hexId();
        Customer customer = customers.get(random.nextInt(customers.size()));
        String status = STATUSES.pick(random);

        LocalDateTime purchased = purchaseTime(random);
        LocalDateTime estimated = purchased.toLocalDate().plusDays(random.between(14, 40)).atStartOfDay();
        boolean approves = !status.equals("created") && !(status.equals("canceled") && random.chance(0.05));
        LocalDateTime approved = approves ? approvalTime(purchased, random) : null;
        boolean ships = status.equals("delivered") || status.equals("shipped")
                || (status.equals("canceled") && approves && random.chance(0.1));
        LocalDateTime toCarrier = ships ? carrierTime(approved, random) : null;
        LocalDateTime delivered = status.equals("delivered") ? deliveryTime(toCarrier, estimated, random) : null;
        Order order = new Order(orderId, customer.customerId(), status, purchased, approved, toCarrier, delivered,
                estimated);

        LocalDateTime shippingLimit = (approved != null ? approved : purchased).plusSeconds(random.between(2 * DAY, 7 * DAY));
        return new PlacedOrder(order, items(orderId, itemCount, shippingLimit, customer.customerState(), random));
    }

    private SampleRandom random(int index) {
        return SampleRandom.forRow(seed, ECommerceSample.ORDERS, index);
    }

    private List<OrderItem> items(String orderId, int count, LocalDateTime shippingLimit, String state,
            SampleRandom random) {
        List<OrderItem> items = new ArrayList<>(count);
        ProductGenerator.Listing listing = null;
        for (int itemId = 1; itemId <= count; itemId++) {
            if (listing == null || !random.chance(SAME_PRODUCT_AGAIN)) {
                listing = pickListing(random);
            }
            items.add(new OrderItem(orderId, itemId, listing.product().productId(), listing.sellerId(), shippingLimit,
                    sellingPrice(listing.price(), random), freight(listing.product(), state, random)));
        }
        return items;
    }

    /** Most products sell now and then, a few sell a lot: a mix of uniform and first-favouring picks. */
    private ProductGenerator.Listing pickListing(SampleRandom random) {
        double x = random.nextDouble();
        int index = random.chance(0.4) ? (int) (listings.size() * x * x) : (int) (listings.size() * x);
        return listings.get(index);
    }

    private static BigDecimal sellingPrice(BigDecimal listed, SampleRandom random) {
        if (!random.chance(DISCOUNTED)) {
            return listed;
        }
        BigDecimal keep = BigDecimal.valueOf(100 - random.between(5, 15), 2);
        return listed.multiply(keep).setScale(2, RoundingMode.HALF_UP);
    }

    /** A base fee, more for heavy products, more for states far from the sellers (mostly São Paulo). */
    private static BigDecimal freight(Product product, String state, SampleRandom random) {
        double freight = 7.0 + 1.6 * product.productWeightG() / 1000.0 + Places.freightSurcharge(state)
                + random.between(0, 800) / 100.0;
        return BigDecimal.valueOf(freight).setScale(2, RoundingMode.HALF_UP);
    }

    private static LocalDateTime purchaseTime(SampleRandom random) {
        YearMonth month = MONTHS.pick(random);
        int day = 1 + random.nextInt(month.lengthOfMonth());
        return month.atDay(day).atTime(HOURS.pick(random), random.nextInt(60), random.nextInt(60));
    }

    /** Card payments are approved within minutes or hours; bank slips (boleto) take a day or more. */
    private static LocalDateTime approvalTime(LocalDateTime purchased, SampleRandom random) {
        double kind = random.nextDouble();
        long delay = kind < 0.55 ? random.between(5 * MINUTE, HOUR)
                : kind < 0.85 ? random.between(HOUR, DAY)
                : random.between(DAY, 3 * DAY);
        return purchased.plusSeconds(delay);
    }

    /** Sellers hand most orders to the carrier within one to three days of approval. */
    private static LocalDateTime carrierTime(LocalDateTime approved, SampleRandom random) {
        double kind = random.nextDouble();
        long delay = kind < 0.1 ? random.between(6 * HOUR, DAY)
                : kind < 0.7 ? random.between(DAY, 3 * DAY)
                : random.between(3 * DAY, 7 * DAY);
        return approved.plusSeconds(delay);
    }

    /**
     * At least a day after the carrier took it; on time, before the estimated date and usually well
     * before it, as in Olist; late, one to fifteen days after it.
     */
    private static LocalDateTime deliveryTime(LocalDateTime toCarrier, LocalDateTime estimated, SampleRandom random) {
        if (random.chance(LATE)) {
            return estimated.plusSeconds(random.between(DAY + HOUR, 15 * DAY));
        }
        // The estimate is at least 13 days after purchase and the carrier at most 10, so this window is open.
        long window = ChronoUnit.SECONDS.between(toCarrier, estimated) - DAY - HOUR;
        double x = random.nextDouble();
        return toCarrier.plusSeconds(DAY + (long) (window * x * x));
    }

    private static Weighted<YearMonth> months(String table) {
        Weighted.Builder<YearMonth> months = Weighted.builder();
        String[] cells = table.strip().split("\\s+");
        for (int i = 0; i < cells.length; i += 2) {
            months.add(YearMonth.parse(cells[i]), Long.parseLong(cells[i + 1]));
        }
        return months.build();
    }

    private static Weighted<Integer> hours(int... ordersPerHour) {
        Weighted.Builder<Integer> hours = Weighted.builder();
        for (int hour = 0; hour < ordersPerHour.length; hour++) {
            hours.add(hour, ordersPerHour[hour]);
        }
        return hours.build();
    }
}
