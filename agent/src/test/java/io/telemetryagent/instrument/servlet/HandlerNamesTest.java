package io.telemetryagent.instrument.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HandlerNamesTest {

    static final class HelloServlet {
    }

    @Test
    void namesAServletByItsClassAndTheMethodHttpServletDispatchesTo() {
        assertEquals("HelloServlet.doGet", HandlerNames.servlet(HelloServlet.class, "GET"));
        assertEquals("HelloServlet.doPost", HandlerNames.servlet(HelloServlet.class, "POST"));
        assertEquals("HelloServlet.service", HandlerNames.servlet(HelloServlet.class, "PATCH"));
        assertEquals("HelloServlet.service", HandlerNames.servlet(HelloServlet.class, null));
    }

    @Test
    void writesARouteTemplateVariableWithAColonForXRayNames() {
        assertEquals("GET /owners/:ownerId", HandlerNames.route("GET", "/owners/{ownerId}"));
        assertEquals("GET /owners/:ownerId/pets/:petId", HandlerNames.route("GET", "/owners/{ownerId}/pets/{petId}"));
    }

    @Test
    void leavesOutAVariablesPattern() {
        assertEquals("GET /items/:id", HandlerNames.route("GET", "/items/{id:[0-9]+}"));
        assertEquals("GET /items/:id/x", HandlerNames.route("GET", "/items/{id: \\d{1,3}}/x"));
    }

    @Test
    void keepsATemplateWithoutVariables() {
        assertEquals("GET /owners", HandlerNames.route("GET", "/owners"));
        assertEquals("/a/:b", HandlerNames.route(null, "/a/{b"));
    }
}
