package dev.floe.cache;

import com.google.common.collect.ImmutableMap;
import dev.floe.testing.FloeQueryRunner;
import dev.floe.testing.LakehouseCatalog;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;

import java.util.Map;

/**
 * A Trino 476 coordinator and one worker with the lakehouse catalog (a real Iceberg REST catalog server) and the
 * cache catalog storing in it.
 */
final class CacheTestCluster
        implements AutoCloseable
{
    final LakehouseCatalog lakehouse;
    final QueryRunner runner;

    CacheTestCluster()
            throws Exception
    {
        this((builder, lakehouse) -> {});
    }

    CacheTestCluster(Customizer customizer)
            throws Exception
    {
        lakehouse = LakehouseCatalog.start();
        try {
            FloeQueryRunner.Builder builder = FloeQueryRunner.builder()
                    .withUser("admin")
                    .withWorkerCount(1)
                    .withLakehouse("lakehouse", lakehouse)
                    .withPlugin(new CachePlugin())
                    .withCatalog("cache", "floe_cache", catalogProperties(lakehouse));
            customizer.customize(builder, lakehouse);
            runner = builder.build();
        }
        catch (Exception | Error e) {
            lakehouse.close();
            throw e;
        }
    }

    static Map<String, String> catalogProperties(LakehouseCatalog lakehouse)
    {
        return ImmutableMap.of(
                "cache.iceberg.type", "rest",
                "cache.iceberg.uri", lakehouse.uri().toString(),
                "cache.storage-catalog", "lakehouse",
                "cache.scheduler-interval", "500ms",
                "cache.refresh-lease-duration", "30s");
    }

    MaterializedResult query(String sql)
    {
        return runner.execute(sql);
    }

    Object value(String sql)
    {
        return runner.execute(sql).getOnlyValue();
    }

    @Override
    public void close()
    {
        try {
            runner.close();
        }
        finally {
            lakehouse.close();
        }
    }

    interface Customizer
    {
        void customize(FloeQueryRunner.Builder builder, LakehouseCatalog lakehouse)
                throws Exception;
    }
}
