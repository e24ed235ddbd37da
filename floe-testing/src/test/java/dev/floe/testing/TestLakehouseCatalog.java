package dev.floe.testing;

import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real queries on an Iceberg catalog served by the project's lakehouse catalog server in a forked JVM: tables from
 * tpch, snapshots and time travel, metadata tables, views; and nothing left behind once the runner closes.
 */
final class TestLakehouseCatalog
{
    @Test
    void icebergTablesViewsAndMetadataTables()
            throws Exception
    {
        List<ProcessHandle> servers;
        List<Path> dataFiles;
        try (QueryRunner runner = FloeQueryRunner.builder().withLakehouse("lakehouse").build()) {
            servers = catalogServers();
            assertThat(servers).hasSize(1);

            runner.execute("CREATE SCHEMA lakehouse.demo");
            runner.execute("CREATE TABLE lakehouse.demo.nation AS SELECT * FROM tpch.tiny.nation");
            assertThat(value(runner, "SELECT count(*) FROM lakehouse.demo.nation")).isEqualTo(25L);
            long created = (long) value(runner, "SELECT snapshot_id FROM lakehouse.demo.\"nation$snapshots\"");

            runner.execute("INSERT INTO lakehouse.demo.nation SELECT * FROM tpch.tiny.nation WHERE regionkey = 0");
            assertThat(value(runner, "SELECT count(*) FROM lakehouse.demo.nation")).isEqualTo(30L);
            assertThat(value(runner, "SELECT count(*) FROM lakehouse.demo.\"nation$snapshots\"")).isEqualTo(2L);
            assertThat(value(runner, "SELECT count(*) FROM lakehouse.demo.nation FOR VERSION AS OF " + created)).isEqualTo(25L);

            dataFiles = runner.execute("SELECT file_path FROM lakehouse.demo.\"nation$files\"").getMaterializedRows().stream()
                    .map(row -> Path.of(URI.create((String) row.getField(0))))
                    .toList();
            assertThat(dataFiles).hasSize(2).allSatisfy(file -> assertThat(file).isRegularFile());
            assertThat(value(runner, "SELECT sum(record_count) FROM lakehouse.demo.\"nation$files\"")).isEqualTo(30L);

            runner.execute("CREATE VIEW lakehouse.demo.asia AS SELECT name FROM lakehouse.demo.nation WHERE regionkey = 2");
            assertThat(runner.execute("SELECT name FROM lakehouse.demo.asia ORDER BY name").getMaterializedRows())
                    .extracting(row -> row.getField(0))
                    .containsExactly("CHINA", "INDIA", "INDONESIA", "JAPAN", "VIETNAM");
            assertThat(runner.execute("SHOW TABLES FROM lakehouse.demo").getOnlyColumnAsSet()).containsExactlyInAnyOrder("nation", "asia");
        }
        assertThat(servers).allSatisfy(server -> assertThat(server.isAlive()).isFalse());
        assertThat(dataFiles).allSatisfy(file -> assertThat(file).doesNotExist());
    }

    @Test
    void servesTheRestProtocolUntilClosed()
            throws Exception
    {
        URI config;
        Path warehouse;
        try (LakehouseCatalog catalog = LakehouseCatalog.start();
                HttpClient client = HttpClient.newHttpClient()) {
            config = catalog.uri().resolve("/v1/config");
            warehouse = catalog.warehouse();
            assertThat(catalog.uri().getHost()).isEqualTo("127.0.0.1");
            assertThat(warehouse).isDirectory();
            assertThat(catalog.icebergCatalogProperties()).containsEntry("iceberg.rest-catalog.uri", catalog.uri().toString());
            assertThat(client.send(HttpRequest.newBuilder(config).build(), HttpResponse.BodyHandlers.ofString()).body()).contains("defaults");
        }
        assertThat(Files.exists(warehouse)).isFalse();
        try (HttpClient client = HttpClient.newHttpClient()) {
            assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(config).build(), HttpResponse.BodyHandlers.discarding()))
                    .isInstanceOf(IOException.class);
        }
    }

    private static Object value(QueryRunner runner, String sql)
    {
        return runner.execute(sql).getOnlyValue();
    }

    /** The catalog server JVMs this test JVM forked. */
    private static List<ProcessHandle> catalogServers()
    {
        return ProcessHandle.current().children()
                .filter(child -> child.info().arguments().map(List::of).orElse(List.of()).contains("dev.floe.lakehouse.LakehouseCatalogServer"))
                .toList();
    }
}
