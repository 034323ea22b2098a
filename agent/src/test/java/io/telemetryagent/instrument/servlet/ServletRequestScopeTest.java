package io.telemetryagent.instrument.servlet;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.telemetryagent.instrument.servlet.fake.ServletException;

import org.junit.jupiter.api.Test;

class ServletRequestScopeTest {

    @Test
    void theCauseIsTheAppsExceptionInsideTheServletExceptionsWrappingIt() {
        IllegalStateException app = new IllegalStateException("boom");

        assertSame(app, ServletRequestScope.unwrap(new ServletException(new ServletException(app))));
    }

    @Test
    void keepsAnExceptionThatWrapsForReasonsOfItsOwn() {
        RuntimeException wrapper = new RuntimeException(new IllegalStateException("inner"));

        assertSame(wrapper, ServletRequestScope.unwrap(wrapper));
    }
}
