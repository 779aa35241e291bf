package io.tapflow.topology;

import io.tapflow.topology.event.ChangeEvent;
import io.tapflow.topology.event.Operation;
import io.tapflow.topology.event.UnencodableValueException;
import io.tapflow.topology.event.WireFormat;
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
 */
final class EncodeProcessor implements Processor<byte[], FlowRecord, byte[], byte[]> {

    private final String stage;
    private final String outputTopic;
    private final WireFormat format;
    private final SourceColumns sourceColumns;
    private ProcessorContext<byte[], byte[]> context;

    EncodeProcessor(String stage, String outputTopic, WireFormat format, SourceColumns sourceColumns) {
        this.stage = stage;
        this.outputTopic = outputTopic;
        this.format = format;
        this.sourceColumns = sourceColumns;
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
        try {
            if (event.op() != Operation.DELETE) {
                checkFieldNames(event.after(), "");
            }
            key = format.encodeKey(outputTopic, event.key());
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
        // Fresh headers: Debezium's own headers describe the source record, not this one.
        context.forward(new Record<>(key, value, record.timestamp(), new RecordHeaders()), FlowTopology.OUTPUT);
    }

    private static void checkFieldNames(Object value, String path) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> field : map.entrySet()) {
                String name = String.valueOf(field.getKey());
                String fieldPath = path.isEmpty() ? name : path + "." + name;
                if (name.startsWith("$")) {
                    throw new UnencodableValueException("field '" + fieldPath + "' starts with '$', which MongoDB"
                            + " reserves for operators and refuses in a document. Fix: rename it (renameFields for a"
                            + " column; for a key inside a JSON column, change the data or exclude the column).");
                }
                checkFieldNames(field.getValue(), fieldPath);
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                checkFieldNames(list.get(i), path + "[" + i + "]");
            }
        }
    }
}
