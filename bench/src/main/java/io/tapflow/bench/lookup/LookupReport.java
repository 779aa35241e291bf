package io.tapflow.bench.lookup;

import io.tapflow.bench.lookup.LookupBench.Fanout;
import io.tapflow.bench.lookup.LookupBench.Results;
import io.tapflow.bench.lookup.LookupBench.Snapshot;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The markdown report of {@link LookupBench}: {@code bench/results/lookup.md}. */
final class LookupReport {

    private LookupReport() {
    }

    static String write(Results r, String lookupFlow, String baselineFlow) {
        LookupOptions o = r.options();
        StringBuilder md = new StringBuilder();
        md.append("# Lookup: the seed's flow with its customer lookup\n\n");
        md.append("Run ").append(r.started()).append(" with `./tap bench lookup")
                .append(o.arguments().isEmpty() ? "" : " " + o.arguments()).append("`; it took ")
                .append(String.format("%.1f", r.minutes())).append(" minutes.\n\n");
        md.append("**The machine is shared and was busy:** load average ").append(String.format("%.1f", r.loadAtStart()))
                .append(" at the start and ").append(String.format("%.1f", r.loadAtEnd())).append(" at the end on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, with other builds and tests"
                        + " running. Absolute rates move with that load by a factor of two between runs; compare the"
                        + " two flows within a round, not across runs.\n\n");

        md.append("| setting | value |\n|---|---|\n");
        row(md, "machine", Runtime.getRuntime().availableProcessors() + " cores (shared), JVM max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB; JVM memory at the end: "
                + String.join(", ", r.memory().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())
                + " (the broker, the flow, RocksDB's native memory and the bench in one process)");
        row(md, "JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + " ("
                + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X")).toList()) + ")");
        row(md, "broker", "in-process single-node KRaft Kafka " + org.apache.kafka.common.utils.AppInfoParser.getVersion()
                + ", same JVM, log on local disk");
        row(md, "input", String.format("the snapshot of %,d orders (%,.0f bytes per event) and %,d customers"
                        + " (%,.0f bytes per event): Debezium MySQL snapshot events (`op: r`) in Connect's JSON with"
                        + " schemas (`JsonConverter`, `schemas.enable=true`), as the other in-process benches write them"
                        + " (the product's default is Avro through the registry); %d partitions per topic. Each order's"
                        + " customer is drawn uniformly: %.1f orders per customer on average, every customer exists",
                o.orders(), r.orderBytes() / (double) o.orders(), o.customers(),
                r.customerBytes() / (double) o.customers(), o.partitions(), o.orders() / (double) o.customers()));
        row(md, "flows", "the seed's flow (exclude, rename, then the customer's fields merged into each order by"
                + " `Lookup.relation(\"customer_id\", \"customer_id\")`), and as the baseline the same flow without the"
                + " lookup; both below");
        row(md, "Streams", "TapFlow's flow settings (`FlowStreamsConfig`): exactly-once v2, commit every 100 ms, lz4,"
                + " Kafka Streams' default record cache (10 MiB) and RocksDB settings; " + o.threads()
                + " stream thread(s); the real topology (`FlowTopology.build`)");
        row(md, "snapshot measured", "from `KafkaStreams.start()` (creating internal topics and the first rebalance"
                + " included) until a `read_committed` reader of the output topic, as the MongoDB sink reads it, has"
                + " seen a document for every order; with the lookup, a document holding its customer's fields."
                + " *events/s* counts the input events the flow read (orders, plus customers with the lookup)");
        row(md, "fan-out measured", String.format("with the lookup flow still running after its snapshot: %,d customers"
                + " updated (one Debezium update event each, their city changed), from the first event written until"
                + " every order of theirs has a document with the new city", o.fanout()));
        row(md, "warm-up", String.format("each flow once on %,d other orders and %,d other customers (and a fan-out),"
                + " before round 1", o.warmupOrders(), o.warmupCustomers()));

        // Snapshot
        List<Snapshot> snaps = r.snapshots();
        Map<String, Snapshot> best = new LinkedHashMap<>();
        for (Snapshot s : snaps) {
            best.merge(s.flow(), s, (a, b) -> a.eventsPerSecond() >= b.eventsPerSecond() ? a : b);
        }
        Snapshot baseBest = best.get(LookupBench.BASELINE);
        Snapshot lookBest = best.get(LookupBench.LOOKUP);
        md.append("\n## Snapshot: every order's document\n\n");
        md.append("Rates are over the processing time: from when Streams reported RUNNING (group joined, tasks"
                + " assigned, internal topics created) until every order's document was readable. Best round of each"
                + " flow:\n\n");
        md.append("| flow | input events | startup (s) | processing (s) | events/s | orders/s |"
                + " vs. without lookup (events/s) |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (Snapshot s : best.values()) {
            md.append("| ").append(s.flow()).append(" | ").append(n(s.inputEvents())).append(" | ")
                    .append(f1(s.startupSeconds())).append(" | ").append(f1(s.processingSeconds())).append(" | ")
                    .append(n(s.eventsPerSecond())).append(" | ").append(n(o.orders() / s.processingSeconds()))
                    .append(" | ").append(String.format("%.2f×", s.eventsPerSecond() / baseBest.eventsPerSecond()))
                    .append(" |\n");
        }
        md.append("\nEvery round, in seconds from `KafkaStreams.start()` (*running*: Streams reported RUNNING; *input"
                + " read*: the flow's committed offsets covered its change topics; *done*: every order's document was"
                + " readable):\n\n");
        md.append("| round | flow | running | input read | done | events/s | orders/s | output records per order |"
                + " vs. this round's baseline (events/s) |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Snapshot s : snaps) {
            Snapshot base = snaps.stream().filter(x -> x.round() == s.round() && x.flow().equals(LookupBench.BASELINE))
                    .findFirst().orElse(s);
            md.append("| ").append(s.round()).append(" | ").append(s.flow()).append(" | ")
                    .append(f1(s.startupSeconds())).append(" | ")
                    .append(Double.isNaN(s.inputSeconds()) ? "not seen" : f1(s.inputSeconds())).append(" | ")
                    .append(f1(s.outputSeconds())).append(" | ").append(n(s.eventsPerSecond())).append(" | ")
                    .append(n(o.orders() / s.processingSeconds())).append(" | ")
                    .append(String.format("%.2f", s.outputRecords() / (double) o.orders())).append(" | ")
                    .append(String.format("%.2f×", s.eventsPerSecond() / base.eventsPerSecond())).append(" |\n");
        }

        // Fan-out
        md.append("\n## Fan-out: a customer change reaching its orders\n\n");
        md.append("| round | customers updated | order documents re-emitted | seconds | documents/s | customer updates/s |"
                + " output records per document | vs. this round's snapshot (orders/s) |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Fanout f : r.fanouts()) {
            Optional<Snapshot> snap = snaps.stream().filter(x -> x.round() == f.round()
                    && x.flow().equals(LookupBench.LOOKUP)).findFirst();
            md.append("| ").append(f.round()).append(" | ").append(n(f.customers())).append(" | ")
                    .append(n(f.documents())).append(" | ").append(f1(f.seconds())).append(" | ")
                    .append(n(f.documentsPerSecond())).append(" | ").append(n(f.customers() / f.seconds())).append(" | ")
                    .append(String.format("%.2f", f.outputRecords() / (double) f.documents())).append(" | ")
                    .append(snap.map(s -> String.format("%.2f×", f.documentsPerSecond() / (o.orders() / s.processingSeconds())))
                            .orElse("")).append(" |\n");
        }

        // CPU
        Fanout lastFanout = r.fanouts().getLast();
        md.append("\n## Where the time goes: CPU per document\n\n");
        md.append("CPU microseconds per order document, by component, in the best round of each flow, from"
                + " `KafkaStreams.start()` until done (the fan-out: per re-emitted document, last round). The JVM runs"
                + " the broker, the flow and the bench; the machine's other users are not counted here.\n\n");
        md.append("| component | without lookup | with lookup | fan-out |\n|---|---:|---:|---:|\n");
        Set<String> components = new LinkedHashSet<>();
        components.addAll(lookBest.cpuSeconds().keySet());
        components.addAll(baseBest.cpuSeconds().keySet());
        components.addAll(lastFanout.cpuSeconds().keySet());
        components.removeIf(c -> c.startsWith("whole machine"));
        double[] totals = new double[3];
        for (String c : components) {
            double a = baseBest.cpuSeconds().getOrDefault(c, 0.0) / o.orders() * 1e6;
            double b = lookBest.cpuSeconds().getOrDefault(c, 0.0) / o.orders() * 1e6;
            double d = lastFanout.cpuSeconds().getOrDefault(c, 0.0) / lastFanout.documents() * 1e6;
            totals[0] += a;
            totals[1] += b;
            totals[2] += d;
            if (a >= 0.5 || b >= 0.5 || d >= 0.5) {
                md.append("| ").append(c).append(" | ").append(f0(a)).append(" | ").append(f0(b)).append(" | ")
                        .append(f0(d)).append(" |\n");
            }
        }
        md.append("| **this JVM, in all** | **").append(f0(totals[0])).append("** | **").append(f0(totals[1]))
                .append("** | **").append(f0(totals[2])).append("** |\n");
        md.append("| cores this JVM used on average | ").append(cores(baseBest.cpuSeconds(), baseBest.outputSeconds()))
                .append(" | ").append(cores(lookBest.cpuSeconds(), lookBest.outputSeconds())).append(" | ")
                .append(cores(lastFanout.cpuSeconds(), lastFanout.seconds())).append(" |\n");
        md.append("| cores the whole machine used (other users too) | ")
                .append(machine(baseBest.cpuSeconds(), baseBest.outputSeconds())).append(" | ")
                .append(machine(lookBest.cpuSeconds(), lookBest.outputSeconds())).append(" | ")
                .append(machine(lastFanout.cpuSeconds(), lastFanout.seconds())).append(" |\n");

        // State
        LookupBench.State state = r.state();
        if (state != null) {
            state(md, r, state);
        }

        md.append("\n## Reading it\n\n");
        reading(md, r, baseBest, lookBest, lastFanout);

        md.append("\n## The flows\n\n```java\n").append(lookupFlow).append("\n```\n\nBaseline:\n\n```java\n")
                .append(baselineFlow).append("\n```\n");
        return md.toString();
    }

    private static void state(StringBuilder md, Results r, LookupBench.State state) {
        LookupOptions o = r.options();
        md.append("\n## State: what the lookup keeps\n\n");
        md.append(String.format("Measured after round %d's fan-out, with the flow stopped (RocksDB's memtables flushed"
                + " to disk), on %,d orders and %,d customers. The flow without the lookup keeps no state.%n%n",
                o.rounds(), o.orders(), o.customers()));
        StateSize.Store total = state.stores().get("");
        md.append("### State directory (RocksDB, one store per task and name)\n\n");
        md.append("| store | what it holds | tasks | entries | bytes on disk | bytes per entry |\n"
                + "|---|---|---:|---:|---:|---:|\n");
        long storeBytes = 0;
        for (StateSize.Store s : state.stores().values()) {
            if (s.name().isEmpty()) {
                continue;
            }
            storeBytes += s.bytes();
            md.append("| `").append(s.name()).append("` | ").append(holds(s.name())).append(" | ").append(s.tasks())
                    .append(" | ").append(n(s.entries())).append(" | ").append(mib(s.bytes())).append(" | ")
                    .append(s.entries() > 0 ? n(s.bytes() / (double) s.entries()) : "").append(" |\n");
        }
        md.append("| **state directory, in all** | RocksDB files, checkpoints and locks | | | **").append(mib(total.bytes()))
                .append("** | ").append(n(total.bytes() / (double) o.orders())).append(" per order |\n");

        md.append("\n### Topics\n\n");
        md.append("*Offsets written* counts records plus exactly-once transaction markers; *records held* is what a"
                + " `read_committed` reader finds now (Streams purges repartition and subscription topics once it has"
                + " read them; changelogs are compacted only once a segment rolls, so they still hold every write)."
                + " *Bytes on disk* is the topic's log on the broker now, lz4-compressed.\n\n");
        md.append("| topic | what it is | partitions | offsets written | records held | payload bytes held |"
                + " bytes on disk |\n|---|---|---:|---:|---:|---:|---:|\n");
        long internalDisk = 0;
        long internalOffsets = 0;
        for (StateSize.Topic t : state.topics()) {
            boolean internal = t.name().startsWith(state.applicationId() + "-");
            if (internal) {
                internalDisk += t.diskBytes();
                internalOffsets += t.offsets();
            }
            String shown = internal ? "`<app>" + t.name().substring(state.applicationId().length()) + "`"
                    : "`" + t.name() + "`";
            md.append("| ").append(shown).append(" | ").append(topicKind(t.name(), internal)).append(" | ")
                    .append(t.partitions()).append(" | ").append(n(t.offsets())).append(" | ").append(n(t.records()))
                    .append(" | ").append(mib(t.payloadBytes())).append(" | ").append(mib(t.diskBytes())).append(" |\n");
        }
        md.append("| **internal topics, in all** | | | **").append(n(internalOffsets)).append("** | | | **")
                .append(mib(internalDisk)).append("** |\n");
        md.append("\n`<app>` is the flow's application id, `").append(state.applicationId()).append("`.\n");
        long perOrderStores = state.stores().values().stream().filter(st -> st.entries() >= o.orders())
                .mapToLong(StateSize.Store::bytes).sum();
        md.append(String.format("%nTo size it: per order (the parent row), about **%s of RocksDB** and **%s of internal"
                        + " topics** on the broker here. Three stores hold an entry per order (the orders' table, the"
                        + " join's subscriptions and the wide rows): %.0f%% of the state; the customers' two stores"
                        + " hold one entry per customer. Entries grow with the width of the rows (these orders have 6"
                        + " columns after the stages, the customers 5): a row is kept with its field names and its"
                        + " primary key. Store keys are the change topics' key bytes: an order's key is %d bytes here,"
                        + " in JSON with its schema, and would be about %d in Avro (a 5-byte header, then the 32"
                        + " characters of the id), so Avro change topics make every per-order entry about %d bytes"
                        + " smaller. Changelogs hold every write until compaction runs. Per task, RocksDB also takes"
                        + " native memory: Kafka Streams' default per store is a 16 MiB write buffer (up to 3) and a"
                        + " 50 MiB block cache, unless a `rocksdb.config.setter` bounds it.%n",
                bytesText(total.bytes() / (double) o.orders()), bytesText(internalDisk / (double) o.orders()),
                100.0 * perOrderStores / Math.max(1, storeBytes), r.orderKeyBytes(), 5 + 1 + 32,
                r.orderKeyBytes() - 38));
        if (state.sampleDocument() != null) {
            md.append("\nA document of the output (decoded):\n\n```\n").append(state.sampleDocument()).append("\n```\n");
        }
    }

    private static void reading(StringBuilder md, Results r, Snapshot base, Snapshot look, Fanout fan) {
        LookupOptions o = r.options();
        double ratio = look.eventsPerSecond() / base.eventsPerSecond();
        double docRatio = base.processingSeconds() / look.processingSeconds();
        md.append(String.format("- **Snapshot:** with the lookup the flow read %,.0f events/s against %,.0f without it"
                        + " (**%.2f×**); in documents, %,.0f orders/s against %,.0f (%.2f×). The lookup's flow reads the"
                        + " customers too, and each order goes through more steps: it is stored in the orders' table, sent"
                        + " to its customer's partition on the subscription topic, stored there, answered on the response"
                        + " topic, joined, stored as a wide row and written; each store has a changelog. That is about %s"
                        + " records written to Kafka per order in all, against one without the lookup.%n",
                look.eventsPerSecond(), base.eventsPerSecond(), ratio, o.orders() / look.processingSeconds(),
                o.orders() / base.processingSeconds(), docRatio, r.state() == null ? "several"
                        : String.format("%.1f", writtenPerOrder(r))));
        if (!Double.isNaN(look.inputSeconds())) {
            md.append(String.format("- With the lookup, the change topics were read after %.1f s and the last document"
                    + " was readable after %.1f s: the rest is the subscription and response round trip through the"
                    + " broker.%n", look.inputSeconds(), look.outputSeconds()));
        }
        md.append(String.format("- **Output records per order** above 1 are documents written twice: an order whose"
                + " customer was not yet in the customers' table when the order was joined is written without the"
                + " customer's fields first, then again with them. The sink writes each of them.%n"));
        md.append(String.format("- **Fan-out:** %,d customer updates reached their %,d orders' documents in %.1f s, %,.0f"
                        + " documents/s. A customer update is grouped, then the join looks up the orders subscribed to"
                        + " that customer (a prefix scan of its subscription store) and sends one response per order;"
                        + " each response reads the order, joins, stores and writes a document.%n",
                fan.customers(), fan.documents(), fan.seconds(), fan.documentsPerSecond()));
        double baseCpu = jvmCpu(base.cpuSeconds()) / o.orders() * 1e6;
        double lookCpu = jvmCpu(look.cpuSeconds()) / o.orders() * 1e6;
        String flow = "flow (Kafka Streams threads and producers)";
        double machine = look.cpuSeconds().entrySet().stream().filter(e -> e.getKey().startsWith("whole machine"))
                .mapToDouble(Map.Entry::getValue).sum() / look.outputSeconds();
        md.append(String.format("- **Where the time goes:** during the lookup's snapshot the whole machine used %.1f of its"
                        + " %d cores and this JVM %.1f, so the rates follow the CPU per document: %,.0f µs per order"
                        + " with the lookup against %,.0f without it (%.1f×). The flow's threads spend %,.0f µs against"
                        + " %,.0f: decoding the Debezium JSON costs the same in both; the lookup adds, per order, two"
                        + " more records to read (subscription, response) and five more to write (three changelogs,"
                        + " subscription, response), the row codec of its stores and the record cache. The broker spends"
                        + " %,.0f µs against %,.0f, for those internal topics; RocksDB's background threads %,.0f µs;"
                        + " the garbage collector %,.0f µs against %,.0f.%n",
                machine, Runtime.getRuntime().availableProcessors(), jvmCpu(look.cpuSeconds()) / look.outputSeconds(),
                lookCpu, baseCpu, lookCpu / baseCpu, perOrder(look, flow, o), perOrder(base, flow, o),
                perOrder(look, "Kafka broker", o), perOrder(base, "Kafka broker", o),
                perOrder(look, NativeThreads.ROCKSDB, o), perOrder(look, NativeThreads.GC, o),
                perOrder(base, NativeThreads.GC, o)));
        md.append("- CPU per document is steadier than the rates, since the machine's other users are left out of it;"
                + " the JIT compilers' share shrinks as a run gets longer.\n");
    }

    private static double jvmCpu(Map<String, Double> cpu) {
        return cpu.entrySet().stream().filter(e -> !e.getKey().startsWith("whole machine"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private static double perOrder(Snapshot s, String component, LookupOptions o) {
        return s.cpuSeconds().getOrDefault(component, 0.0) / o.orders() * 1e6;
    }

    /** Records written to the flow's internal and output topics per order (offsets, markers included). */
    private static double writtenPerOrder(Results r) {
        LookupBench.State state = r.state();
        long offsets = state.topics().stream().filter(t -> t.name().startsWith(state.applicationId() + "-")
                || t.name().contains(".flow.")).mapToLong(StateSize.Topic::offsets).sum();
        return offsets / (double) r.options().orders();
    }

    private static String holds(String store) {
        if (store.equals("tapflow-root-table")) {
            return "the orders after exclude and rename, by order key: the join's left side";
        }
        if (store.endsWith("-subscription-store")) {
            return "the join's subscriptions: for each customer, the keys of the orders that embed it";
        }
        if (store.endsWith("-groups")) {
            return "the customers grouped by join value (`customer_id`): one customer per group here";
        }
        if (store.endsWith("-joined")) {
            return "the wide rows: each order with its customer's fields";
        }
        if (store.startsWith("tapflow-lookup-") && store.endsWith("-table")) {
            return "the customers, by customer key";
        }
        return "";
    }

    private static String topicKind(String topic, boolean internal) {
        if (!internal) {
            return topic.contains(".flow.") ? "the flow's output: what the sink reads" : "a change topic (Debezium's)";
        }
        if (topic.endsWith("-changelog")) {
            return "changelog of a store (compacted)";
        }
        if (topic.endsWith("-subscription-registration-topic")) {
            return "join subscriptions: each order to its customer's partition (purged)";
        }
        if (topic.endsWith("-subscription-response-topic")) {
            return "join responses: back to the order's partition (purged)";
        }
        if (topic.endsWith("-repartition")) {
            return "repartition: customers to their join value's partition (purged)";
        }
        return "";
    }

    private static String cores(Map<String, Double> cpu, double seconds) {
        double total = cpu.entrySet().stream().filter(e -> !e.getKey().startsWith("whole machine"))
                .mapToDouble(Map.Entry::getValue).sum();
        return String.format("%.2f", total / seconds);
    }

    private static String machine(Map<String, Double> cpu, double seconds) {
        return cpu.entrySet().stream().filter(e -> e.getKey().startsWith("whole machine")).findFirst()
                .map(e -> String.format("%.2f", e.getValue() / seconds)).orElse("");
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String n(double value) {
        return String.format("%,.0f", value);
    }

    private static String f0(double value) {
        return String.format("%,.0f", value);
    }

    private static String f1(double value) {
        return String.format("%.1f", value);
    }

    private static String mib(long bytes) {
        return String.format("%,.1f MiB", bytes / (1024.0 * 1024));
    }

    private static String bytesText(double bytes) {
        return bytes >= 10_240 ? String.format("%,.0f KiB", bytes / 1024) : String.format("%,.0f bytes", bytes);
    }
}
