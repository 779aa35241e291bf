package io.tapflow.udf;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * GraalVM's optimizing runtime runs the UDFs where the JVM has the flags for it (the graal-jit profile adds
 * them to the test JVMs on JDK 25+), and its interpreter elsewhere.
 */
class UdfRuntimeModeTest {

    @Test
    void theOptimizingRuntimeRunsWhereTheJvmHasItsFlags() {
        boolean jvmci = ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+EnableJVMCI");
        String runtime = UdfEngine.shared().runtimeName();
        System.out.printf("UDF runtime: %s (JDK %d, JVMCI %s)%n", runtime, Runtime.version().feature(),
                jvmci ? "on" : "off");
        if (jvmci) {
            // "GraalVM CE" with the community compiler; Truffle says "Interpreted" when it fell back.
            assertThat(runtime).as("Truffle's runtime with the JVMCI flags").isNotEqualTo("Interpreted");
        } else {
            assertThat(runtime).isEqualTo("Interpreted");
        }
    }
}
