package com.example.jerseyhost;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;

/** One resource method per behaviour of the Jersey suite. */
@Path("/items")
public class ItemResource {

    @GET
    @Path("/{id}")
    @Produces("text/plain")
    public String item(@PathParam("id") String id) {
        return "item " + id;
    }

    /** A template variable with a regular expression that spans segments. */
    @GET
    @Path("/files/{path: .+}")
    @Produces("text/plain")
    public String file(@PathParam("path") String path) {
        return "file " + path;
    }

    @GET
    @Path("/missing")
    public String missing() {
        throw new NotFoundException("no such item");
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException("boom from resource");
    }
}
