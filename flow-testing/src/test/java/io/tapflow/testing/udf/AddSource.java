package io.tapflow.testing.udf;

import io.tapflow.RecordFunction;
import io.tapflow.Row;

/** A Java function named by class, so its flow can be written as JSON and read back. */
public class AddSource implements RecordFunction {

    @Override
    public Row apply(Row row) {
        return row.with("source", row.change().env().getOrDefault("SOURCE", "crm"));
    }
}
