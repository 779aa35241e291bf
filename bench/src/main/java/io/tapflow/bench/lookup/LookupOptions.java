package io.tapflow.bench.lookup;

/**
 * The command line of {@code ./tap bench lookup}: the sizes unless told otherwise.
 *
 * <pre>
 *   --orders N       orders snapshotted (1000000)
 *   --customers M    customers snapshotted (100000); each order belongs to one, drawn at random
 *   --rounds R       rounds, each the flow without the lookup and then with it (2)
 *   --fanout K       customers updated after each round's snapshot (a tenth of the customers)
 *   --warmup N       orders of the warm-up run of each flow, before round 1 (a twentieth of the orders)
 *   --partitions P   partitions of the change and output topics (2)
 *   --threads T      Kafka Streams threads (one per core)
 *   --quick          100000 orders, 10000 customers, 1 round, 1000 updated: about a minute
 * </pre>
 *
 * @param orders orders snapshotted
 * @param customers customers snapshotted
 * @param rounds rounds
 * @param fanout customers updated in the fan-out measurement
 * @param warmupOrders orders of the warm-up run (customers in the same ratio)
 * @param partitions partitions of the change and output topics
 * @param threads Kafka Streams threads
 * @param arguments the options as given, for the report
 */
public record LookupOptions(int orders, int customers, int rounds, int fanout, int warmupOrders, int partitions,
                            int threads, String arguments) {

    static final String USAGE = "usage: ./tap bench lookup [--quick] [--orders N] [--customers M] [--rounds R]"
            + " [--fanout K] [--warmup N] [--partitions P] [--threads T]\n(defaults: 1000000 orders, 100000 customers,"
            + " 2 rounds, a tenth of the customers updated, a twentieth of the orders to warm up, 2 partitions, a"
            + " stream thread per core; --quick: 100000 orders, 10000 customers, 1 round, 1000 updated)";

    /** The options these arguments give; exits with status 2 and the usage on a wrong one. */
    public static LookupOptions parse(String[] args) {
        int orders = 1_000_000;
        int customers = 100_000;
        int rounds = 2;
        Integer fanout = null;
        Integer warmup = null;
        int partitions = 2;
        int threads = Runtime.getRuntime().availableProcessors();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--orders" -> orders = positive(args[i], args[++i]);
                    case "--customers" -> customers = positive(args[i], args[++i]);
                    case "--rounds" -> rounds = positive(args[i], args[++i]);
                    case "--fanout" -> fanout = positive(args[i], args[++i]);
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--partitions" -> partitions = positive(args[i], args[++i]);
                    case "--threads" -> threads = positive(args[i], args[++i]);
                    case "--quick" -> {
                        orders = 100_000;
                        customers = 10_000;
                        rounds = 1;
                    }
                    case "--help" -> throw new IllegalArgumentException("the options of the lookup benchmark");
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            fail("an option's value is missing");
        } catch (RuntimeException e) {
            fail(e.getMessage());
        }
        int k = fanout != null ? fanout : Math.max(1, customers / 10);
        if (k > customers) {
            fail("--fanout " + k + " is more than the " + customers + " customers");
        }
        int w = warmup != null ? warmup : Math.max(1_000, orders / 20);
        return new LookupOptions(orders, customers, rounds, k, w, partitions, threads, String.join(" ", args));
    }

    /** Customers of the warm-up run: in the ratio of the measured run's. */
    int warmupCustomers() {
        return (int) Math.max(1, (long) customers * warmupOrders / orders);
    }

    private static int positive(String option, String value) {
        int n = Integer.parseInt(value);
        if (n <= 0) {
            throw new IllegalArgumentException(option + " must be positive, not " + value);
        }
        return n;
    }

    private static void fail(String reason) {
        System.err.println("bench lookup: " + reason + "\n" + USAGE);
        System.exit(2);
    }
}
