package dev.floe.cache.refresh;

import io.trino.jdbc.TrinoDriver;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Connections to the cluster itself, as the refresh user: refreshes are SQL statements, so the engine plans and
 * distributes them, checks access and writes the storage table through the Iceberg connector. The driver is
 * Trino's own JDBC driver, instantiated directly because the plugin's class loader is not visible to
 * {@code DriverManager}.
 */
public final class Loopback
{
    private final TrinoDriver driver = new TrinoDriver();
    private final Supplier<URI> uri;
    private final String user;
    private final Optional<String> password;

    public Loopback(Supplier<URI> uri, String user, Optional<String> password)
    {
        this.uri = requireNonNull(uri, "uri is null");
        this.user = requireNonNull(user, "user is null");
        this.password = requireNonNull(password, "password is null");
    }

    public Connection connect()
            throws SQLException
    {
        URI uri = this.uri.get();
        Properties properties = new Properties();
        properties.setProperty("user", user);
        password.ifPresent(value -> properties.setProperty("password", value));
        properties.setProperty("source", "floe-cache-refresh");
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            properties.setProperty("SSL", "true");
        }
        Connection connection = driver.connect("jdbc:trino://%s:%s".formatted(uri.getHost(), port(uri)), properties);
        if (connection == null) {
            throw new SQLException("The Trino JDBC driver did not accept " + uri);
        }
        return connection;
    }

    private static int port(URI uri)
    {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    public String user()
    {
        return user;
    }
}
