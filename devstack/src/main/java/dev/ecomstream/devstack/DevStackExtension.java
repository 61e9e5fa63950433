package dev.ecomstream.devstack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects the {@link DevStack#shared() shared DevStack} into test
 * constructors, lifecycle methods and test methods that declare a {@code DevStack} parameter.
 *
 * <pre>{@code
 * @ExtendWith(DevStackExtension.class)
 * class SinkIT {
 *     SinkIT(DevStack stack) { ... }
 * }
 * }</pre>
 *
 * <p>All test classes of a JVM get the same stack, started on first use and stopped when the
 * JVM exits, so a test run pays the start-up once. Tests must not close it.
 */
public final class DevStackExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == DevStack.class;
    }

    @Override
    public DevStack resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return DevStack.shared();
    }
}
