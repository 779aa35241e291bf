package io.tapflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tapflow.spec.JavaScriptStage;
import io.tapflow.spec.MapStage;
import io.tapflow.spec.PythonStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python, JavaScript and Java stages: checked when defined, named, written as JSON and YAML, shown as Java. */
class UdfStageDefinitionTest {

    static final String SEED = """
            def process(record, context):
                if not record['order_status']:
                    record['order_status'] = 'invalid'
                if record['order_status'] == 'SendError':
                    record['order_status'] = 'undeliverable'
                return record
            """;

    /** A Java function a stored flow can name. */
    public static class Tag implements RecordFunction {
        @Override
        public Row apply(Row row) {
            return row.with("tagged", true);
        }
    }

    private static FlowStageStep orders() {
        return Flow.named("orders_udf").readFrom("MySQL_ECommerce.ecom_orders");
    }

    @Test
    void aPythonSyntaxErrorIsRefusedWithLineAndColumn() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> orders().py("""
                def process(record, context):
                    if record['order_status'] = 'SendError':
                        return None
                    return record
                """))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageStartingWith("Flow 'orders_udf', stage 'py#1': the Python source has a syntax error at"
                        + " line 2, column 8: SyntaxError:");
        System.out.printf("first Python definition check (starts GraalPy): %d ms%n", (System.nanoTime() - start) / 1_000_000);
        start = System.nanoTime();
        orders().py(SEED).writeTo("MongoDB_ECommerce.orders");
        System.out.printf("next Python definition check: %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void aJavaScriptSyntaxErrorIsRefusedWithLineAndColumn() {
        assertThatThrownBy(() -> orders().exclude("a").js("function process(record) {\n  return record +;\n}"))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageStartingWith("Flow 'orders_udf', stage 'js#1': the JavaScript source has a syntax error at"
                        + " line 2, column 18:");
    }

    @Test
    void aSourceWithoutProcessIsRefused() {
        assertThatThrownBy(() -> orders().py("def transform(record):\n    return record\n"))
                .isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("stage 'py#1': the source defines no top-level function 'process'");
        assertThatThrownBy(() -> orders().js("function transform(record) { return record; }"))
                .hasMessageContaining("stage 'js#1': the source defines no function 'process'");
    }

    @Test
    void stagesGetStableNamesAndAs() {
        Flow flow = orders().py(SEED).js("function process(r) { return r; }").as("passthrough")
                .py("def process(r):\n    return r\n").map(row -> row).filter(row -> true)
                .writeTo("MongoDB_ECommerce.orders");
        assertThat(flow.spec().stages()).extracting(s -> s.name())
                .containsExactly("py#1", "passthrough", "py#2", "map#1", "javaFilter#1");
    }

    @Test
    void jsonAndYamlKeepTheSourcesAndOptions() {
        Flow flow = orders().py(SEED)
                .js("function process(record, context) {\n  return record;\n}\n",
                        UdfOptions.defaults().withDeletes().timeLimit(Duration.ofMillis(500)))
                .map(Tag.class)
                .writeTo("MongoDB_ECommerce.orders");
        assertThat(Flow.fromJson(flow.toJson())).isEqualTo(flow);
        assertThat(Flow.fromYaml(flow.toYaml())).isEqualTo(flow);
        assertThat(flow.toYaml()).contains("""
                - type: py
                  name: py#1
                  source: |
                    def process(record, context):
                        if not record['order_status']:
                """);
        assertThat(flow.spec().stages().get(1)).isEqualTo(new JavaScriptStage("js#1",
                "function process(record, context) {\n  return record;\n}\n", true, 500L));
        assertThat(flow.spec().stages().get(2)).isEqualTo(new MapStage("map#1", Tag.class.getName()));
    }

    @Test
    void showPrintsSourcesAsTextBlocks() {
        Flow flow = orders().py(SEED).as("standardize_status")
                .js("function process(r) { return r; }", UdfOptions.defaults().withDeletes())
                .map(Tag.class)
                .writeTo("MongoDB_ECommerce.orders");
        assertThat(flow.show()).isEqualTo("""
                Flow.named("orders_udf")
                    .readFrom("MySQL_ECommerce.ecom_orders")
                    .py(\"""
                        def process(record, context):
                            if not record['order_status']:
                                record['order_status'] = 'invalid'
                            if record['order_status'] == 'SendError':
                                record['order_status'] = 'undeliverable'
                            return record
                        \""").as("standardize_status")
                    .js("function process(r) { return r; }", UdfOptions.defaults().withDeletes())
                    .map(io.tapflow.UdfStageDefinitionTest.Tag.class)
                    .writeTo("MongoDB_ECommerce.orders");""");
    }

    @Test
    void aTextBlockShownKeepsBackslashesQuotesAndTrailingSpaces() {
        String source = "def process(r):\n    r['s'] = \"\"\"a\\\\b\"\"\"  \n    return r";
        String block = FlowCode.source(source);
        assertThat(block).contains("\\\"\"\"a\\\\\\\\b\\\"\"\" \\s", "return r\\\n");
    }

    @Test
    void aLambdaCannotBeWrittenAsJsonOrYaml() {
        Flow flow = orders().map(row -> row.with("source", "crm")).writeTo("MongoDB_ECommerce.orders");
        assertThatThrownBy(flow::toJson).isInstanceOf(FlowDefinitionException.class)
                .hasMessageContaining("stage 'map#1': the stage runs a Java function object")
                .hasMessageContaining("cannot be written as JSON. Fix: implement RecordFunction in a public class");
        assertThatThrownBy(flow::toYaml).hasMessageContaining("cannot be written as YAML");
        assertThat(flow.show()).contains(".map(/* a Java function object: ");
    }

    @Test
    void aClassThatCannotBeCreatedByNameIsRefused() {
        RecordFunction anonymous = new RecordFunction() {
            @Override
            public Row apply(Row row) {
                return row;
            }
        };
        assertThatThrownBy(() -> orders().map(anonymous.getClass()))
                .hasMessageContaining("cannot be created by name");
    }

    @Test
    void aFileIsReadWhenTheStageIsDefined(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("standardize.py");
        Files.writeString(file, SEED);
        Flow flow = orders().py(file).writeTo("MongoDB_ECommerce.orders");
        assertThat(flow.spec().stages().getFirst()).isEqualTo(new PythonStage("py#1", SEED, false, null));
        assertThatThrownBy(() -> orders().py(dir.resolve("missing.py")))
                .hasMessageContaining("stage 'py#1': cannot read the source file");
    }

    @Test
    void fieldChecksStartAgainAfterAFunction() {
        // The function may put back a field an earlier stage removed, so excluding it afterwards is fine.
        Flow flow = orders().exclude("order_status").py(SEED).exclude("order_status").writeTo("MongoDB_ECommerce.orders");
        assertThat(flow.spec().stages()).hasSize(3);
    }
}
