package com.example.servlethost;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * The app every container row serves under the context path {@code /app}: one servlet per
 * behaviour of the suite, a filter around all of them, and an error page for
 * IllegalStateException. Each container's host registers {@link #SERVLETS}, {@link #FILTER} and
 * {@link #ERROR_PAGE} in its own way.
 */
public final class TestApp {

    public static final String CONTEXT_PATH = "/app";

    /** Servlet class, then the paths it serves. */
    public static final Object[][] SERVLETS = {
            {Hello.class, "/hello", "/filtered", "/filter-throws"},
            {Status.class, "/status"},
            {Throw.class, "/throw"},
            {ThrowPlain.class, "/throw-plain"},
            {ErrorPage.class, "/error-page"},
            {Forward.class, "/forward"},
            {Include.class, "/include"},
            {LateStatus.class, "/late-status"},
            {Async.class, "/async"},
            {AsyncDispatch.class, "/async-dispatch"},
            {Teapot.class, "/teapot"},
            {Call.class, "/call"},
    };

    /** Mapped to every path, REQUEST dispatches only. */
    public static final Class<? extends Filter> FILTER = SlowFilter.class;

    /** The error page of IllegalStateException. */
    public static final String ERROR_PAGE = "/error-page";
    public static final Class<? extends Throwable> ERROR_PAGE_EXCEPTION = IllegalStateException.class;

    private TestApp() {}

    /** "hello", with its length set: the recorded content_length. */
    public static final class Hello extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.setContentLength(5);
            resp.getWriter().write("hello");
        }
    }

    /** Answers {@code ?code=}. */
    public static final class Status extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(Integer.parseInt(req.getParameter("code")));
            resp.getWriter().write("status");
        }
    }

    /** Throws an exception the app's error page answers. */
    public static final class Throw extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            throw new IllegalStateException("boom from /throw");
        }
    }

    /** Throws an exception no error page answers: the container's default 500. */
    public static final class ThrowPlain extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            throw new UnsupportedOperationException("plain boom");
        }
    }

    public static final class ErrorPage extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(500);
            resp.getWriter().write("error page");
        }
    }

    public static final class Forward extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
            req.getRequestDispatcher("/hello").forward(req, resp);
        }
    }

    public static final class Include extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
            resp.getWriter().write("before ");
            req.getRequestDispatcher("/hello").include(req, resp);
            resp.getWriter().write(" after");
        }
    }

    /** Writes its body (still buffered), then sets the status. */
    public static final class LateStatus extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().write("created");
            resp.setStatus(201);
        }
    }

    /** Answers 202 from another thread, 200 ms later. */
    public static final class Async extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            AsyncContext async = req.startAsync();
            new Thread(() -> {
                try {
                    Thread.sleep(200);
                    HttpServletResponse response = (HttpServletResponse) async.getResponse();
                    response.setStatus(202);
                    response.getWriter().write("async");
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    async.complete();
                }
            }, "async-worker").start();
        }
    }

    /** Dispatches to /teapot from another thread, 100 ms later. */
    public static final class AsyncDispatch extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            AsyncContext async = req.startAsync();
            new Thread(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                async.dispatch("/teapot");
            }, "async-dispatcher").start();
        }
    }

    public static final class Teapot extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(418);
            resp.getWriter().write("teapot");
        }
    }

    /** Calls {@code ?to=} with HttpURLConnection and answers its status. */
    public static final class Call extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            HttpURLConnection connection = (HttpURLConnection) new URL(req.getParameter("to")).openConnection();
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            resp.setStatus(status == 200 ? 200 : 502);
            resp.getWriter().write("called " + status);
        }
    }

    /**
     * Wraps the request (as many filters do); for /filtered, takes 100 ms before the chain; for
     * /filter-throws, throws instead of calling it.
     */
    public static final class SlowFilter implements Filter {
        @Override
        public void init(FilterConfig config) {
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest http = (HttpServletRequest) req;
            if (http.getRequestURI().endsWith("/filter-throws")) {
                throw new IllegalArgumentException("boom from a filter");
            }
            if (http.getRequestURI().endsWith("/filtered")) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            chain.doFilter(new HttpServletRequestWrapper(http), resp);
        }

        @Override
        public void destroy() {
        }
    }
}
