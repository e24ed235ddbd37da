package dev.floe.resultcache;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.google.inject.Binder;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import dev.floe.resultcache.admin.AdminHandler;
import dev.floe.resultcache.key.StatementClassifier;
import dev.floe.resultcache.protocol.SyntheticResults;
import dev.floe.resultcache.proxy.EntryCommitter;
import dev.floe.resultcache.proxy.ForCoordinator;
import dev.floe.resultcache.proxy.Forwarder;
import dev.floe.resultcache.proxy.ProxyServlet;
import dev.floe.resultcache.proxy.StatementHandler;
import dev.floe.resultcache.stats.CacheStats;
import dev.floe.resultcache.stats.HitRecorder;
import dev.floe.resultcache.store.BlobStore;
import dev.floe.resultcache.store.LocalBlobStore;
import dev.floe.resultcache.store.ResultStore;
import dev.floe.resultcache.store.S3BlobStore;
import dev.floe.resultcache.validity.AccessVersion;
import dev.floe.resultcache.validity.Cacheability;
import dev.floe.resultcache.validity.EntryValidator;
import dev.floe.resultcache.validity.IcebergSnapshots;
import dev.floe.resultcache.validity.IdentityFiles;
import dev.floe.resultcache.validity.PolicyVersion;
import io.airlift.configuration.AbstractConfigurationAwareModule;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.Servlet;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static io.airlift.http.client.HttpClientBinder.httpClientBinder;
import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static java.util.concurrent.TimeUnit.MINUTES;

public final class ResultCacheModule
        extends AbstractConfigurationAwareModule
{
    @Override
    protected void setup(Binder binder)
    {
        configBinder(binder).bindConfig(ResultCacheConfig.class);
        // a page of a running query may take the coordinator's whole long-poll wait; queries run as long as they run
        httpClientBinder(binder).bindHttpClient("coordinator", ForCoordinator.class)
                .withConfigDefaults(config -> config
                        .setRequestTimeout(new Duration(10, MINUTES))
                        .setIdleTimeout(new Duration(5, MINUTES))
                        .setMaxConnectionsPerServer(1_000)
                        .setMaxContentLength(DataSize.of(256, MEGABYTE)));
        binder.bind(Forwarder.class).in(Scopes.SINGLETON);
        binder.bind(CacheStats.class).in(Scopes.SINGLETON);
        binder.bind(Servlet.class).to(ProxyServlet.class).in(Scopes.SINGLETON);
    }

    // the HTTP server and client trace through OpenTelemetry; the proxy exports no traces
    @Provides
    @Singleton
    public static OpenTelemetry openTelemetry()
    {
        return OpenTelemetry.noop();
    }

    @Provides
    @Singleton
    public static Tracer tracer(OpenTelemetry openTelemetry)
    {
        return openTelemetry.getTracer("floe-result-cache");
    }

    @Provides
    @Singleton
    public static ObjectMapper json()
    {
        return new ObjectMapper().registerModule(new Jdk8Module());
    }

    @Provides
    @Singleton
    public static ResultStore store(ResultCacheConfig config)
    {
        BlobStore blobs = switch (config.getStorage()) {
            case LOCAL -> new LocalBlobStore(config.directoryPath());
            case S3 -> S3BlobStore.create(config.s3Settings());
        };
        return new ResultStore(blobs, config.getMaxDiskSize().toBytes());
    }

    @Provides
    @Singleton
    public static StatementClassifier classifier(ResultCacheConfig config)
    {
        return new StatementClassifier(config.getNonDeterministicFunctions());
    }

    @Provides
    @Singleton
    public static IcebergSnapshots snapshots(ResultCacheConfig config)
    {
        return new IcebergSnapshots(config.icebergRestCatalogUris());
    }

    @Provides
    @Singleton
    public static AccessVersion accessVersion(ResultCacheConfig config)
    {
        return new AccessVersion(
                new PolicyVersion(config.getPolicyVersionFile()),
                new IdentityFiles(config.getIdentityFiles(), config.getIdentityFilesSettleTime().toMillis(), System::currentTimeMillis));
    }

    @Provides
    @Singleton
    public static HitRecorder hitRecorder(ResultCacheConfig config, ObjectMapper json)
    {
        return new HitRecorder(config.getHistoryDirectory(), json);
    }

    @Provides
    @Singleton
    public static BackgroundExecutor background()
    {
        return new BackgroundExecutor(Executors.newVirtualThreadPerTaskExecutor());
    }

    @Provides
    @Singleton
    public static StatementHandler statementHandler(
            ResultCacheConfig config,
            Forwarder forwarder,
            StatementClassifier classifier,
            AccessVersion accessVersion,
            ResultStore store,
            IcebergSnapshots snapshots,
            HitRecorder hits,
            CacheStats stats,
            ObjectMapper json,
            BackgroundExecutor background)
    {
        Cacheability cacheability = new Cacheability(classifier, snapshots, config.getTtlCatalogs());
        EntryCommitter committer = new EntryCommitter(forwarder, cacheability, accessVersion, store, stats, json,
                config.getMaxAge().toMillis(), config.getTtlCatalogsMaxAge().toMillis());
        return new StatementHandler(
                forwarder,
                classifier,
                accessVersion,
                store,
                new EntryValidator(snapshots, background.executor()),
                committer,
                new SyntheticResults(json),
                hits,
                stats,
                json,
                background.executor(),
                config.getMaxResultSize().toBytes());
    }

    @Provides
    @Singleton
    public static AdminHandler adminHandler(ResultStore store, CacheStats stats, ObjectMapper json)
    {
        return new AdminHandler(store, stats, json);
    }

    /** Snapshot checks of several inputs and the storing of finished results run here, on virtual threads. */
    public record BackgroundExecutor(ExecutorService executor)
    {
        @PreDestroy
        public void shutdown()
        {
            executor.shutdownNow();
        }
    }
}
