package io.tapflow.topology;

import io.tapflow.topology.event.ChangeEvent;
import io.tapflow.topology.event.Operation;
import io.tapflow.topology.event.UnencodableValueException;
import io.tapflow.topology.event.WireFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The write stage: upserts become keyed rows, deletes become tombstones on the output topic. A row with a
 * field name the target cannot store (a name starting with {@code $}, which MongoDB reserves for
 * operators) goes to the dead-letter topic here, alone: the sink would refuse the whole batch it came in.
 *
 * <p>With a target key ({@code writeTo(table, PrimaryKey.of(...))}) rows are keyed by those output fields
 * instead of the source's primary key: a delete by the fields' source columns in the row as it was, and an
 * update that changes a key value first deletes the row's old key.
 */
final class EncodeProcessor implements Processor<byte[], FlowRecord, byte[], byte[]> {

    private final String stage;
    private final String outputTopic;
    private final WireFormat format;
    private final SourceColumns sourceColumns;
    private final List<String> targetKey;
    private ProcessorContext<byte[], byte[]> context;

    EncodeProcessor(String stage, String outputTopic, WireFormat format, SourceColumns sourceColumns,
                    List<String> targetKey) {
        this.stage = stage;
        this.outputTopic = outputTopic;
        this.format = format;
        this.sourceColumns = sourceColumns;
        this.targetKey = targetKey;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], FlowRecord> record) {
        FlowRecord flowRecord = record.value();
        ChangeEvent event = flowRecord.event;
        byte[] key;
        byte[] value;
        byte[] movedFrom = null;
        try {
            if (event.op() != Operation.DELETE) {
                checkFieldNames(event.after(), "");
            }
            if (targetKey.isEmpty()) {
                key = format.encodeKey(outputTopic, event.key());
            } else if (event.op() == Operation.DELETE) {
                key = format.encodeKey(outputTopic, keyOfSourceRow(event.before()));
            } else {
                Map<String, Object> newKey = keyOf(event.after());
                if (event.op() == Operation.UPDATE && event.before() != null) {
                    Map<String, Object> oldKey = keyOfSourceRow(event.before());
                    if (!oldKey.equals(newKey)) {
                        movedFrom = format.encodeKey(outputTopic, oldKey);
                    }
                }
                key = format.encodeKey(outputTopic, newKey);
            }
            value = event.op() == Operation.DELETE ? null : format.encodeValue(outputTopic, event.after(),
                    field -> {
                        String column = sourceColumns.columnOf(field);
                        return column == null ? null : event.columnTypes().get(column);
                    });
        } catch (UnencodableValueException e) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Record<byte[], byte[]> failed = (Record) record.withValue(flowRecord.fail(stage, e));
            context.forward(failed, FlowTopology.DEAD_LETTER);
            return;
        }
        if (movedFrom != null) {
            // The row's key values changed: its document moves, so the old one goes.
            context.forward(new Record<>(movedFrom, (byte[]) null, record.timestamp(), new RecordHeaders()),
                    FlowTopology.OUTPUT);
        }
        // Fresh headers: Debezium's own headers describe the source record, not this one.
        context.forward(new Record<>(key, value, record.timestamp(), new RecordHeaders()), FlowTopology.OUTPUT);
    }

    /** The target key of an output row. */
    private Map<String, Object> keyOf(Map<String, Object> row) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (String field : targetKey) {
            key.put(field, require(field, row.get(field)));
        }
        return key;
    }

    /** The target key of a row as the source had it: each key field read from the column it comes from. */
    private Map<String, Object> keyOfSourceRow(Map<String, Object> row) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (String field : targetKey) {
            key.put(field, require(field, row.get(sourceColumns.columnOf(field))));
        }
        return key;
    }

    private static Object require(String field, Object value) {
        if (value == null) {
            throw new UnencodableValueException("key field '" + field + "' is null, and the target is keyed by it."
                    + " Fix: key by fields that always hold a value, or filter out the rows without one.");
        }
        return value;
    }

    /** Refuses a field name starting with '$' anywhere in the row; the path is built only for nested values. */
    static void checkFieldNames(Object value, String path) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> field : map.entrySet()) {
                String name = String.valueOf(field.getKey());
                if (name.startsWith("$")) {
                    throw new UnencodableValueException("field '" + (path.isEmpty() ? name : path + "." + name)
                            + "' starts with '$', which MongoDB reserves for operators and refuses in a document."
                            + " Fix: rename it (renameFields for a column; for a key inside a JSON column, change the"
                            + " data or exclude the column).");
                }
                Object nested = field.getValue();
                if (nested instanceof Map<?, ?> || nested instanceof List<?>) {
                    checkFieldNames(nested, path.isEmpty() ? name : path + "." + name);
                }
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Object element = list.get(i);
                if (element instanceof Map<?, ?> || element instanceof List<?>) {
                    checkFieldNames(element, path + "[" + i + "]");
                }
            }
        }
    }
}
