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
