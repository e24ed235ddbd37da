package dev.floe.cache;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;
import io.airlift.units.Duration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.net.URI;
import java.util.Optional;

import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * The connector's own settings. The Iceberg catalog that stores the views' results (and the definitions, as
 * namespace properties) is configured by the {@code cache.iceberg.*} properties: Iceberg's catalog properties.
 */
public class CacheConfig
{
    private String storageCatalog = "lakehouse";
    private String storageSchema = "floe_cache_storage";
    private String stateNamespace = "floe_cache";
    private URI loopbackUri;
    private String refreshUser = "floe_cache";
    private String refreshPassword;
    private Duration schedulerInterval = new Duration(5, SECONDS);
    private Duration leaseDuration = new Duration(2, MINUTES);
    private Duration maxRetryDelay = new Duration(30, MINUTES);

    @NotNull
    @Pattern(regexp = "[a-z0-9_]+", message = "must be a Trino catalog name (lower case letters, digits, _)")
    public String getStorageCatalog()
    {
        return storageCatalog;
    }

    @Config("cache.storage-catalog")
    @ConfigDescription("Trino Iceberg catalog of the storage tables and of the versioned sources; the same catalog as cache.iceberg.*")
    public CacheConfig setStorageCatalog(String storageCatalog)
    {
        this.storageCatalog = storageCatalog;
        return this;
    }

    @NotNull
    @Pattern(regexp = "[a-z0-9_]+", message = "must be a schema name (lower case letters, digits, _)")
    public String getStorageSchema()
    {
        return storageSchema;
    }

    @Config("cache.storage-schema")
    @ConfigDescription("Default schema of the storage tables (view property storage_schema overrides it)")
    public CacheConfig setStorageSchema(String storageSchema)
    {
        this.storageSchema = storageSchema;
        return this;
    }

    @NotNull
    public String getStateNamespace()
    {
        return stateNamespace;
    }

    @Config("cache.state-namespace")
    @ConfigDescription("Iceberg namespace whose properties hold the view definitions and refresh states, and which holds the refresh lease table")
    public CacheConfig setStateNamespace(String stateNamespace)
    {
        this.stateNamespace = stateNamespace;
        return this;
    }

    public Optional<URI> getLoopbackUri()
    {
        return Optional.ofNullable(loopbackUri);
    }

    @Config("cache.loopback-uri")
    @ConfigDescription("Trino's client endpoint the refreshes connect to (default: the coordinator's HTTP address)")
    public CacheConfig setLoopbackUri(URI loopbackUri)
    {
        this.loopbackUri = loopbackUri;
        return this;
    }

    @NotNull
    public String getRefreshUser()
    {
        return refreshUser;
    }

    @Config("cache.refresh-user")
    @ConfigDescription("Identity the refreshes run as; the only user that writes the storage tables")
    public CacheConfig setRefreshUser(String refreshUser)
    {
        this.refreshUser = refreshUser;
        return this;
    }

    public Optional<String> getRefreshPassword()
    {
        return Optional.ofNullable(refreshPassword);
    }

    @Config("cache.refresh-password")
    @ConfigSecuritySensitive
    @ConfigDescription("Password of the refresh user (requires an https loopback URI); use ${ENV:...}")
    public CacheConfig setRefreshPassword(String refreshPassword)
    {
        this.refreshPassword = refreshPassword;
        return this;
    }

    @NotNull
    @MinDuration("100ms")
    public Duration getSchedulerInterval()
    {
        return schedulerInterval;
    }

    @Config("cache.scheduler-interval")
    @ConfigDescription("How often the coordinator looks for views due for a refresh")
    public CacheConfig setSchedulerInterval(Duration schedulerInterval)
    {
        this.schedulerInterval = schedulerInterval;
        return this;
    }

    @NotNull
    @MinDuration("1s")
    public Duration getLeaseDuration()
    {
        return leaseDuration;
    }

    @Config("cache.refresh-lease-duration")
    @ConfigDescription("Lifetime of a refresh lease; the holder renews it at a third of this while the refresh runs")
    public CacheConfig setLeaseDuration(Duration leaseDuration)
    {
        this.leaseDuration = leaseDuration;
        return this;
    }

    @NotNull
    @MinDuration("1s")
    public Duration getMaxRetryDelay()
    {
        return maxRetryDelay;
    }

    @Config("cache.max-retry-delay")
    @ConfigDescription("Upper bound of the exponential backoff after failed scheduled refreshes")
    public CacheConfig setMaxRetryDelay(Duration maxRetryDelay)
    {
        this.maxRetryDelay = maxRetryDelay;
        return this;
    }
}
