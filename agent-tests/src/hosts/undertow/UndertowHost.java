package com.example.servlethost;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ServletInfo;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Servlet;
import java.net.InetSocketAddress;

/** {@link TestApp} on embedded Undertow 2.2 (javax) or 2.3 (jakarta), on a free port. */
public final class UndertowHost {

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        DeploymentInfo deployment = Servlets.deployment()
                .setClassLoader(UndertowHost.class.getClassLoader())
                .setContextPath(TestApp.CONTEXT_PATH)
                .setDeploymentName("app.war");
        for (Object[] servlet : TestApp.SERVLETS) {
            Class<? extends Servlet> type = (Class<? extends Servlet>) servlet[0];
            ServletInfo info = Servlets.servlet(type.getSimpleName(), type).setAsyncSupported(true);
            for (int i = 1; i < servlet.length; i++) {
                info.addMapping((String) servlet[i]);
            }
            deployment.addServlet(info);
        }
        deployment.addFilter(Servlets.filter("slow", TestApp.FILTER).setAsyncSupported(true));
        deployment.addFilterUrlMapping("slow", "/*", DispatcherType.REQUEST);
        deployment.addErrorPage(Servlets.errorPage(TestApp.ERROR_PAGE, TestApp.ERROR_PAGE_EXCEPTION));
        DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
        manager.deploy();
        Undertow server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setHandler(Handlers.path().addPrefixPath(TestApp.CONTEXT_PATH, manager.start()))
                .build();
        server.start();
        InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        System.out.println("READY " + address.getPort());
    }
}
