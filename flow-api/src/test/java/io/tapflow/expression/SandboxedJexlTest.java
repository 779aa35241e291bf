package io.tapflow.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.MapContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The translator never produces these, so this checks the engine configuration itself: if a translator bug
 * let raw JEXL through, the engine would still refuse to run code.
 */
class SandboxedJexlTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "x.toString()",
            "x.getClass().forName('java.lang.Runtime')",
            "new('java.io.File', '/')",
            "x = 1",
            "x += 1",
            "x++",
            "var y = 1",
            "for (i : [1, 2]) { i }",
            "while (true) { }",
            "(a) -> a",
            "function(a) { a }",
            "x; y",
            "#pragma jexl.safe true\nx",
            "@silent x",
            "{ 'a': 1 }",
            "[1, 2]",
            "x[y]",
            "if (x) 1 else 2",
            "return x",
    })
    void engineRefusesAnythingButAnExpression(String jexl) {
        assertThatThrownBy(() -> SandboxedJexl.compile(jexl)).isInstanceOf(JexlException.Parsing.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"f0 > c0 && !(f1 == null)", "- f0 % c0", "( f0 + c0 ) * f1 != true"})
    void engineAcceptsWhatTheTranslatorEmits(String jexl) {
        assertThat(SandboxedJexl.compile(jexl).getSourceText()).isEqualTo(jexl);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x.class", "x.bytes"})
    void propertyAccessIsNotResolvedOnArbitraryObjects(String jexl) {
        MapContext context = new MapContext();
        context.set("x", "secret");

        assertThatThrownBy(() -> SandboxedJexl.compile(jexl).evaluate(context)).isInstanceOf(JexlException.class);
    }
}
