package com.example.servlethost;

import java.util.EnumSet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Servlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/** {@link TestApp} on embedded Jetty 12 (ee10 servlet layer), on a free port. */
public final class Jetty12Host {

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        Server server = new Server(0);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath(TestApp.CONTEXT_PATH);
        for (Object[] servlet : TestApp.SERVLETS) {
            ServletHolder holder = new ServletHolder((Class<? extends Servlet>) servlet[0]);
            holder.setAsyncSupported(true);
            for (int i = 1; i < servlet.length; i++) {
                context.addServlet(holder, (String) servlet[i]);
            }
        }
        FilterHolder filter = new FilterHolder(TestApp.FILTER);
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
        errors.addErrorPage(TestApp.ERROR_PAGE_EXCEPTION, TestApp.ERROR_PAGE);
        context.setErrorHandler(errors);
        server.setHandler(context);
        server.start();
        System.out.println("READY " + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
        server.join();
    }
}
