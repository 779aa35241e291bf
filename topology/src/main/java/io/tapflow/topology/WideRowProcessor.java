package io.tapflow.topology;

import io.tapflow.topology.event.ChangeEvent;
import io.tapflow.topology.event.Operation;
import io.tapflow.topology.event.TypedNull;
import io.tapflow.topology.event.UnencodableValueException;
import io.tapflow.topology.event.WireFormat;
import io.tapflow.topology.lookup.TableRow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * In a lookup flow, takes each new version of a wide row (a parent row with its lookups embedded, or {@code null}
 * when it is gone), runs the stages that come after a lookup, and, for the last segment of the flow, encodes the
 * row for the output topic (keyed by the source's primary key; {@code null} becomes a tombstone). Stages see the
 * row as an update (a gone row as a delete) with no before image. Failed records are forwarded too, to be sent to
 * the dead-letter topic with the wide row as JSON.
 */
final class WideRowProcessor implements FixedKeyProcessor<byte[], TableRow, FlowRecord> {

    private static final WireFormat PLAIN_JSON = WireFormat.json(false);

    private final String sourceTopic;
    private final String outputTopic;
    private final String writeStage;
    private final WireFormat format;
    private final StepChain steps;
    private FixedKeyProcessorContext<byte[], FlowRecord> context;

    /**
     * @param sourceTopic the flow's own change topic, whose keys these records have
     * @param outputTopic the topic to encode for, or {@code null} if the rows go on to another lookup
     */
    WideRowProcessor(String sourceTopic, String outputTopic, String writeStage, WireFormat format,
                     List<Supplier<Step>> steps) {
        this.sourceTopic = sourceTopic;
        this.outputTopic = outputTopic;
        this.writeStage = writeStage;
        this.format = format;
        this.steps = new StepChain(steps);
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], FlowRecord> context) {
        this.context = context;
        steps.init(context);
    }

    @Override
    public void process(FixedKeyRecord<byte[], TableRow> record) {
        TableRow wide = record.value();
        FlowRecord flowRecord = new FlowRecord(record.key(), null);
        try {
            Map<String, Object> key = wide != null ? wide.key() : format.decodeKey(sourceTopic, record.key());
            // Stages see plain nulls; without stages the typed ones keep the output's field types.
            Map<String, Object> after = wide == null ? null : steps.isEmpty() ? wide.row() : untyped(wide.row());
            flowRecord.event = new ChangeEvent(after == null ? Operation.DELETE : Operation.UPDATE, key, null, after,
                    Map.of(), record.timestamp());
        } catch (RuntimeException e) {
            forwardFailed(record, flowRecord.fail(writeStage, e));
            return;
        }
        if (!steps.apply(flowRecord)) {
            if (flowRecord.failure != null) {
                forwardFailed(record, flowRecord);
            }
            return;
        }
        if (outputTopic != null) {
            ChangeEvent event = flowRecord.event;
            try {
                flowRecord.outputKey = format.encodeKey(outputTopic, event.key());
                if (event.op() != Operation.DELETE) {
                    EncodeProcessor.checkFieldNames(event.after(), "");
                    flowRecord.outputValue = format.encodeValue(outputTopic, event.after());
                }
            } catch (UnencodableValueException e) {
                forwardFailed(record, flowRecord.fail(writeStage, e));
                return;
            }
        }
        context.forward(record.withValue(flowRecord));
    }

    /** Forwards a failed record carrying the wide row as JSON, which is what the dead-letter topic gets. */
    private void forwardFailed(FixedKeyRecord<byte[], TableRow> record, FlowRecord failed) {
        FlowRecord withRow = new FlowRecord(record.key(), record.value() == null ? null : asJson(record.value().row()));
        withRow.fail(failed.failedStage, failed.failure);
        context.forward(record.withValue(withRow));
    }

    private byte[] asJson(Map<String, Object> row) {
        try {
            return PLAIN_JSON.encodeValue(outputTopic == null ? sourceTopic : outputTopic, row);
        } catch (RuntimeException e) {
            return String.valueOf(row).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A deep copy of the row with each typed null a plain {@code null}. */
    @SuppressWarnings("unchecked")
    static <T> T untyped(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, untyped(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(untyped(v)));
            return (T) copy;
        }
        return value instanceof TypedNull ? null : value;
    }

    @Override
    public void close() {
        steps.close();
    }
}
