package io.telemetryagent.instrument.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void percentEncodesWildcardsSoThatACatchAllRouteKeepsANameOfItsOwn() {
        assertEquals("GET /%2A%2A", HandlerNames.route("GET", "/**"));
        assertEquals("GET /webjars/%2A%2A", HandlerNames.route("GET", "/webjars/**"));
        assertEquals("GET /files/:%2Apath", HandlerNames.route("GET", "/files/{*path}"));
        assertEquals("GET /a/%2A/b%3F", HandlerNames.route("GET", "/a/*/b?"));
    }

    @Test
    void givesDistinctTemplatesDistinctNames() {
        String[] templates = {"/", "/**", "/*", "/webjars/**", "/webjars/", "/files/{*path}", "/files/{path}",
                "/files/%2A", "/files/*", "/a%25", "/a%"};
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String template : templates) {
            assertTrue(names.add(HandlerNames.route("GET", template)), template + " shares its name: " + names);
        }
    }

    @Test
    void writesOnlyCharactersXRayNamesAllow() {
        String name = HandlerNames.route("GET", "/a b/[x]/{id:.*}/~$!'()*,;|^`<>\"");
        assertTrue(name.matches("[\\p{L}\\p{N} _.:/%&#=+\\\\\\-@]*"), name);
    }

    @Test
    void namesARequestNoRouteMatchedApartFromEveryRoute() {
        assertEquals("GET no route", HandlerNames.noRoute("GET"));
        assertFalse(HandlerNames.noRoute("GET").startsWith("GET /"));
    }
}
