package io.tapflow.expression;

import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.JexlInfo;
import org.apache.commons.jexl3.introspection.JexlPermissions;
import org.apache.commons.jexl3.introspection.JexlSandbox;

/**
 * The one JEXL engine behind every {@link FieldExpression}. The translator only ever hands it variables,
 * literals, operators and parentheses; the engine is locked down anyway so that a translator bug cannot turn
 * a data filter into code that calls methods, creates objects or writes variables.
 */
final class SandboxedJexl {

    static final JexlFeatures FEATURES = new JexlFeatures()
            .script(false)
            .ambiguousStatement(false)
            .sideEffect(false)
            .sideEffectGlobal(false)
            .localVar(false)
            .loops(false)
            .lambda(false)
            .thinArrow(false)
            .fatArrow(false)
            .newInstance(false)
            .methodCall(false)
            .annotation(false)
            .pragma(false)
            .namespacePragma(false)
            .importPragma(false)
            .structuredLiteral(false)
            .arrayReferenceExpr(false)
            .register(false);

    static final JexlEngine ENGINE = new JexlBuilder()
            .features(FEATURES)
            .permissions(JexlPermissions.RESTRICTED)
            // Deny-by-default with nothing allowed: no property, method or constructor of any class is reachable.
            .sandbox(new JexlSandbox(false))
            .arithmetic(new TapFlowArithmetic())
            .strict(true)
            .silent(false)
            .safe(false)
            // Without this, 'a && b' yields the value of b rather than a boolean.
            .booleanLogical(true)
            .create();

    private SandboxedJexl() {}

    /**
     * Compiles translated text, which is a single line; a JEXL parse error's column is 1-based in it.
     *
     * @throws org.apache.commons.jexl3.JexlException.Parsing if JEXL refuses the text
     */
    static JexlExpression compile(String jexlText) {
        return ENGINE.createExpression(new JexlInfo("tapflow", 1, 1), jexlText);
    }
}
