package dev.floe.lakehouse;

import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.RESTCatalogAdapter;
import org.apache.iceberg.rest.RESTCatalogServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

import static java.util.Objects.requireNonNull;

/**
 * Apache Iceberg's REST catalog (its own servlet and adapter) over a persistent JDBC catalog, on a chosen
 * host. Configuration follows Iceberg's REST fixture: every {@code CATALOG_X} environment variable becomes
 * catalog property {@code x} ({@code __} → {@code -}, {@code _} → {@code .}, lower case), e.g.
 * {@code CATALOG_URI=jdbc:sqlite:/path/catalog.db}, {@code CATALOG_WAREHOUSE=file:///path},
 * {@code CATALOG_REST_HOST=127.0.0.1}, {@code CATALOG_REST_PORT=8181}.
 */
public final class LakehouseCatalogServer
        implements AutoCloseable
{
    public static final String REST_HOST = "rest.host";
    public static final String REST_PORT = "rest.port";
    private static final String ENVIRONMENT_PREFIX = "CATALOG_";
    private static final Logger log = Logger.getLogger(LakehouseCatalogServer.class.getName());

    private final Catalog catalog;
    private final String warehouse;
    private final Server server;
    private final ServerConnector connector;

    public LakehouseCatalogServer(Map<String, String> properties)
    {
        Map<String, String> catalogProperties = catalogProperties(properties);
        String host = catalogProperties.getOrDefault(REST_HOST, "127.0.0.1");
        int port = port(catalogProperties.getOrDefault(REST_PORT, "8181"));
        this.warehouse = catalogProperties.get(CatalogProperties.WAREHOUSE_LOCATION);
        this.catalog = CatalogUtil.buildIcebergCatalog("lakehouse", catalogProperties, new Configuration());

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.addServlet(new ServletHolder(new RESTCatalogServlet(new RESTCatalogAdapter(catalog))), "/*");
        context.insertHandler(new GzipHandler());
        this.server = new Server();
        this.connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(context);
        server.setStopAtShutdown(true);
    }

    public void start()
            throws Exception
    {
        server.start();
        log.info("Iceberg REST catalog listening on http://%s:%s (warehouse %s)".formatted(connector.getHost(), connector.getLocalPort(), warehouse));
    }

    public String host()
    {
        return connector.getHost();
    }

    public int port()
    {
        return connector.getLocalPort();
    }

    @Override
    public void close()
            throws Exception
    {
        try {
            server.stop();
        }
        finally {
            if (catalog instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /** The catalog properties: defaults, then the given ones; a persistent URI and warehouse are required. */
    static Map<String, String> catalogProperties(Map<String, String> properties)
    {
        Map<String, String> catalogProperties = new HashMap<>();
        catalogProperties.put(CatalogProperties.CATALOG_IMPL, JdbcCatalog.class.getName());
        catalogProperties.put("jdbc.schema-version", "V1");
        catalogProperties.putAll(properties);
        if (catalogProperties.getOrDefault(CatalogProperties.URI, "").startsWith("jdbc:sqlite:")) {
            // One connection to SQLite: JdbcCatalog's start-up check on an existing database leaves a read statement
            // open, whose lock makes every write of any other connection of the pool fail with SQLITE_BUSY
            // (SQLite serializes writers anyway)
            catalogProperties.putIfAbsent(CatalogProperties.CLIENT_POOL_SIZE, "1");
        }
        // an in-memory database or a temporary warehouse would lose every table on restart
        for (String required : new String[] {CatalogProperties.URI, CatalogProperties.WAREHOUSE_LOCATION}) {
            String value = catalogProperties.get(required);
            if (value == null || value.isBlank() || value.contains(":memory:")) {
                throw new IllegalArgumentException("Catalog property '%s' (environment variable %s) must name persistent storage, but is %s"
                        .formatted(required, environmentName(required), value == null ? "missing" : "'" + value + "'"));
            }
        }
        return Map.copyOf(catalogProperties);
    }

    static Map<String, String> fromEnvironment(Map<String, String> environment)
    {
        Map<String, String> properties = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(ENVIRONMENT_PREFIX) && name.length() > ENVIRONMENT_PREFIX.length()) {
                String key = name.substring(ENVIRONMENT_PREFIX.length())
                        .replace("__", "-")
                        .replace('_', '.')
                        .toLowerCase(Locale.ROOT);
                properties.put(key, requireNonNull(value, "value is null"));
            }
        });
        return properties;
    }

    private static String environmentName(String property)
    {
        return ENVIRONMENT_PREFIX + property.replace("-", "__").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static int port(String value)
    {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        }
        catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("Catalog property '%s' (environment variable %s) must be a port number, but is '%s'".formatted(REST_PORT, environmentName(REST_PORT), value));
    }

    public static void main(String[] args)
            throws Exception
    {
        LakehouseCatalogServer server;
        try {
            server = new LakehouseCatalogServer(fromEnvironment(System.getenv()));
        }
        catch (IllegalArgumentException e) {
            System.err.println("lakehouse catalog: " + e.getMessage());
            System.exit(2);
            return;
        }
        server.start();
        server.server.join();
    }
}
