package com.example.servlethost;

import java.io.File;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** {@link TestApp} on embedded Tomcat (9, 10.1, 11: the same API), on a free port. */
public final class TomcatHost {

    public static void main(String[] args) throws Exception {
        Tomcat tomcat = new Tomcat();
        File base = Files.createTempDirectory("tomcat-host").toFile();
        base.deleteOnExit();
        tomcat.setBaseDir(base.getAbsolutePath());
        Connector connector = new Connector();
        connector.setPort(0);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext(TestApp.CONTEXT_PATH, base.getAbsolutePath());
        for (Object[] servlet : TestApp.SERVLETS) {
            Class<?> type = (Class<?>) servlet[0];
            Wrapper wrapper = Tomcat.addServlet(context, type.getSimpleName(), type.getName());
            wrapper.setAsyncSupported(true);
            for (int i = 1; i < servlet.length; i++) {
                context.addServletMappingDecoded((String) servlet[i], type.getSimpleName());
            }
        }
        FilterDef filter = new FilterDef();
        filter.setFilterName("slow");
        filter.setFilterClass(TestApp.FILTER.getName());
        filter.setAsyncSupported("true");
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("slow");
        mapping.addURLPattern("/*");
        context.addFilterMap(mapping);
        ErrorPage errorPage = new ErrorPage();
        errorPage.setExceptionType(TestApp.ERROR_PAGE_EXCEPTION.getName());
        errorPage.setLocation(TestApp.ERROR_PAGE);
        context.addErrorPage(errorPage);
        tomcat.start();
        System.out.println("READY " + connector.getLocalPort());
        tomcat.getServer().await();
    }
}
