package io.tapflow.topology.event;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.storage.Converter;

/**
 * One converter per topic. Apicurio's converter caches schema ids by schema content alone, so one
 * instance writing the same schema to a second topic would never register that topic's subject.
 */
final class PerTopicConverter implements Converter {

    private final Supplier<Converter> factory;
    private final Map<String, Converter> byTopic = new ConcurrentHashMap<>();

    /** @param factory makes an already configured converter */
    PerTopicConverter(Supplier<Converter> factory) {
        this.factory = factory;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        throw new UnsupportedOperationException("the converters are configured by the factory");
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        return converter(topic).fromConnectData(topic, schema, value);
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        return converter(topic).toConnectData(topic, value);
    }

    private Converter converter(String topic) {
        return byTopic.computeIfAbsent(topic, any -> factory.get());
    }
}
