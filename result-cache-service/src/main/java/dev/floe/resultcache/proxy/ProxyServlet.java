package dev.floe.resultcache.proxy;

import dev.floe.resultcache.admin.AdminHandler;
import dev.floe.resultcache.protocol.ClientRequest;
import io.airlift.log.Logger;
import com.google.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The one servlet of the proxy: statements and their pages go to the {@link StatementHandler}, the proxy's own
 * endpoints ({@code /v1/cache/…}) to the {@link AdminHandler}, and everything else — the web UI, query and node
 * resources, cancellation — straight to the coordinator.
 */
public final class ProxyServlet
        extends HttpServlet
{
    private static final Logger log = Logger.get(ProxyServlet.class);

    private final transient StatementHandler statements;
    private final transient AdminHandler admin;
    private final transient Forwarder forwarder;

    @Inject
    public ProxyServlet(StatementHandler statements, AdminHandler admin, Forwarder forwarder)
    {
        this.statements = requireNonNull(statements, "statements is null");
        this.admin = requireNonNull(admin, "admin is null");
        this.forwarder = requireNonNull(forwarder, "forwarder is null");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException
    {
        String path = request.getRequestURI();
        try {
            if (path.equals("/v1/statement") && request.getMethod().equals("POST")) {
                statements.submit(request, response);
            }
            else if (path.startsWith("/v1/statement/queued/") || path.startsWith("/v1/statement/executing/")) {
                statements.follow(request, response);
            }
            else if (path.startsWith("/v1/cache/") || path.equals("/v1/cache")) {
                admin.handle(request, response);
            }
            else {
                byte[] body = request.getInputStream().readAllBytes();
                Forwarder.write(forwarder.send(request.getMethod(), StatementHandler.pathAndQuery(request), ClientRequest.from(request).upstreamHeaders(), body, StatementHandler.host(request)), response);
            }
        }
        catch (Forwarder.CoordinatorUnavailableException e) {
            log.warn("%s %s: %s", request.getMethod(), path, e.getMessage());
            if (!response.isCommitted()) {
                response.reset();
                response.setStatus(HttpServletResponse.SC_BAD_GATEWAY);
                response.setContentType("text/plain");
                response.getOutputStream().write((e.getMessage() + "\n").getBytes(UTF_8));
            }
        }
    }
}
