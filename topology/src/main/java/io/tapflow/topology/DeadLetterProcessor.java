package io.tapflow.topology;

import io.tapflow.topology.stage.StageFailure;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a refused record, with its source bytes unchanged, to the dead-letter topic with headers saying why. */
final class DeadLetterProcessor implements Processor<byte[], FlowRecord, byte[], byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessor.class);

    private final String flow;
    private ProcessorContext<byte[], byte[]> context;

    DeadLetterProcessor(String flow) {
        this.flow = flow;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], FlowRecord> record) {
        FlowRecord failed = record.value();
        Headers headers = new RecordHeaders();
        put(headers, DeadLetterHeaders.FLOW, flow);
        put(headers, DeadLetterHeaders.STAGE, failed.failedStage);
        put(headers, DeadLetterHeaders.ERROR, String.valueOf(failed.failure.getMessage()));
        put(headers, DeadLetterHeaders.ERROR_CLASS, failed.failure.getClass().getName());
        if (failed.failure instanceof StageFailure stageFailure && stageFailure.trace() != null) {
            put(headers, DeadLetterHeaders.ERROR_TRACE, stageFailure.trace());
        }
        RecordMetadata source = context.recordMetadata().orElse(null);
        if (source != null) {
            put(headers, DeadLetterHeaders.SOURCE_TOPIC, source.topic());
            put(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(source.partition()));
            put(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(source.offset()));
        }
        LOG.warn("Flow '{}', stage '{}': record at {}-{}@{} sent to the dead-letter topic: {}", flow,
                failed.failedStage, source == null ? "?" : source.topic(), source == null ? -1 : source.partition(),
                source == null ? -1 : source.offset(), failed.failure.getMessage());
        context.forward(new Record<>(failed.sourceKey, failed.sourceValue, record.timestamp(), headers));
    }

    private static void put(Headers headers, String key, String value) {
        headers.add(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }
}
