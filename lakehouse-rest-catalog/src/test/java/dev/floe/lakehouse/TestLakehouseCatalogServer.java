package dev.floe.lakehouse;

import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.stream.Collectors.toList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestLakehouseCatalogServer
{
    @TempDir
    Path directory;

    @Test
    void tablesSurviveARestart()
            throws Exception
    {
        TableIdentifier table = TableIdentifier.of(Namespace.of("demo"), "events");
        try (LakehouseCatalogServer server = start();
                RESTCatalog client = client(server)) {
            client.createNamespace(Namespace.of("demo"));
            client.createTable(table, new Schema(Types.NestedField.required(1, "id", Types.LongType.get())));
        }
        try (LakehouseCatalogServer server = start();
                RESTCatalog client = client(server)) {
            assertThat(client.listTables(Namespace.of("demo"))).containsExactly(table);
            assertThat(client.loadTable(table).schema().findField("id")).isNotNull();
        }
    }

    @Test
    void concurrentWritesAfterARestartAllCommit()
            throws Exception
    {
        try (LakehouseCatalogServer server = start();
                RESTCatalog client = client(server)) {
            client.createNamespace(Namespace.of("existing"));
        }
        // on an existing database Iceberg's JdbcCatalog leaves a read statement open at start (its table-exists
        // check); concurrent requests make the pool open more connections, whose writes that lock would refuse
        int writers = 16;
        try (LakehouseCatalogServer server = start();
                RESTCatalog client = client(server);
                ExecutorService executor = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> writes = IntStream.range(0, writers)
                    .mapToObj(i -> executor.submit(() -> client.createNamespace(Namespace.of("written_" + i))))
                    .collect(toList());
            for (Future<?> write : writes) {
                write.get(1, MINUTES);
            }
            assertThat(client.listNamespaces()).hasSize(writers + 1);
        }
    }

    @Test
    void listensOnLoopbackOnly()
            throws Exception
    {
        try (LakehouseCatalogServer server = start()) {
            assertThat(server.host()).isEqualTo("127.0.0.1");
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                assertThat(socket.isConnected()).isTrue();
            }
            Optional<InetAddress> external = nonLoopbackAddress();
            if (external.isPresent()) {
                assertThatThrownBy(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(external.get(), server.port()), 2000);
                    }
                }).isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void refusesStorageThatWouldNotSurviveARestart()
    {
        assertThatThrownBy(() -> new LakehouseCatalogServer(Map.of("warehouse", "file:///tmp/x")))
                .hasMessageContaining("'uri'").hasMessageContaining("CATALOG_URI").hasMessageContaining("missing");
        assertThatThrownBy(() -> new LakehouseCatalogServer(Map.of("uri", "jdbc:sqlite::memory:", "warehouse", "file:///tmp/x")))
                .hasMessageContaining("jdbc:sqlite::memory:");
        assertThatThrownBy(() -> new LakehouseCatalogServer(Map.of("uri", "jdbc:sqlite:/tmp/x.db", "warehouse", "file:///tmp/x", "rest.port", "80a")))
                .hasMessageContaining("CATALOG_REST_PORT").hasMessageContaining("'80a'");
    }

    @Test
    void readsTheFixturesEnvironmentConvention()
    {
        assertThat(LakehouseCatalogServer.fromEnvironment(Map.of(
                "CATALOG_URI", "jdbc:sqlite:/x.db",
                "CATALOG_IO__IMPL", "org.apache.iceberg.hadoop.HadoopFileIO",
                "CATALOG_REST_PORT", "8181",
                "PATH", "/usr/bin")))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "uri", "jdbc:sqlite:/x.db",
                        "io-impl", "org.apache.iceberg.hadoop.HadoopFileIO",
                        "rest.port", "8181"));
    }

    private LakehouseCatalogServer start()
            throws Exception
    {
        Map<String, String> properties = new HashMap<>();
        properties.put("uri", "jdbc:sqlite:" + directory.resolve("catalog.db"));
        properties.put("warehouse", directory.resolve("warehouse").toUri().toString());
        properties.put("io-impl", "org.apache.iceberg.hadoop.HadoopFileIO");
        properties.put("rest.port", "0");
        LakehouseCatalogServer server = new LakehouseCatalogServer(properties);
        server.start();
        return server;
    }

    private static RESTCatalog client(LakehouseCatalogServer server)
    {
        RESTCatalog client = new RESTCatalog();
        client.initialize("test", Map.of("uri", "http://127.0.0.1:" + server.port()));
        return client;
    }

    private static Optional<InetAddress> nonLoopbackAddress()
            throws SocketException
    {
        return NetworkInterface.networkInterfaces()
                .filter(networkInterface -> {
                    try {
                        return networkInterface.isUp() && !networkInterface.isLoopback();
                    }
                    catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(Inet4Address.class::isInstance)
                .findFirst();
    }
}
