package dev.floe.resultcache;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.floe.resultcache.store.S3Settings;
import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import io.airlift.units.MaxDataSize;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.airlift.units.DataSize.Unit.GIGABYTE;
import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

public class ResultCacheConfig
{
    private static final Splitter LIST = Splitter.on(',').trimResults().omitEmptyStrings();

    public enum Storage
    {
        LOCAL,
        S3,
    }

    private URI coordinatorUri;
    private Storage storage = Storage.LOCAL;
    private String directory;
    private String s3Bucket;
    private String s3Prefix = "";
    private URI s3Endpoint;
    private String s3Region = "us-east-1";
    private boolean s3PathStyleAccess;
    private String s3AwsAccessKey;
    private String s3AwsSecretKey;
    private DataSize maxDiskSize = DataSize.of(1, GIGABYTE);
    private DataSize maxResultSize = DataSize.of(4, MEGABYTE);
    private Duration maxAge = new Duration(24, HOURS);
    private Set<String> ttlCatalogs = ImmutableSet.of();
    private Duration ttlCatalogsMaxAge = new Duration(5, MINUTES);
    private String icebergRestCatalogs = "";
    private String policyVersionFile;
    private List<Path> identityFiles = ImmutableList.of();
    private Duration identityFilesSettleTime = new Duration(10, SECONDS);
    private Set<String> nonDeterministicFunctions = ImmutableSet.of();
    private String historyDirectory;

    @NotNull
    public URI getCoordinatorUri()
    {
        return coordinatorUri;
    }

    @Config("result-cache.coordinator-uri")
    @ConfigDescription("The Trino coordinator every request is passed to, e.g. http://127.0.0.1:8080")
    public ResultCacheConfig setCoordinatorUri(URI coordinatorUri)
    {
        this.coordinatorUri = coordinatorUri;
        return this;
    }

    @AssertTrue(message = "result-cache.coordinator-uri must be an http or https URI with a host, e.g. http://127.0.0.1:8080")
    public boolean isCoordinatorUriValid()
    {
        return coordinatorUri == null || isHttp(coordinatorUri);
    }

    @NotNull
    public Storage getStorage()
    {
        return storage;
    }

    @Config("result-cache.storage")
    @ConfigDescription("Where the cached results are kept: local (result-cache.directory) or s3 (result-cache.s3.*)")
    public ResultCacheConfig setStorage(Storage storage)
    {
        this.storage = storage;
        return this;
    }

    public String getDirectory()
    {
        return directory;
    }

    @Config("result-cache.directory")
    @ConfigDescription("Local directory of the cached results, with result-cache.storage=local; entries there survive restarts")
    public ResultCacheConfig setDirectory(String directory)
    {
        this.directory = directory;
        return this;
    }

    public Path directoryPath()
    {
        return Path.of(directory);
    }

    @AssertTrue(message = "result-cache.directory is required with result-cache.storage=local")
    public boolean isDirectoryConfigured()
    {
        return storage != Storage.LOCAL || (directory != null && !directory.isBlank());
    }

    public String getS3Bucket()
    {
        return s3Bucket;
    }

    @Config("result-cache.s3.bucket")
    @ConfigDescription("Bucket of the cached results, with result-cache.storage=s3")
    public ResultCacheConfig setS3Bucket(String s3Bucket)
    {
        this.s3Bucket = s3Bucket;
        return this;
    }

    @AssertTrue(message = "result-cache.s3.bucket is required with result-cache.storage=s3")
    public boolean isS3BucketConfigured()
    {
        return storage != Storage.S3 || (s3Bucket != null && !s3Bucket.isBlank());
    }

    @NotNull
    public String getS3Prefix()
    {
        return s3Prefix;
    }

    @Config("result-cache.s3.prefix")
    @ConfigDescription("Folder of the bucket that holds this cache's entries (e.g. result-cache/); one cache instance per prefix")
    public ResultCacheConfig setS3Prefix(String s3Prefix)
    {
        this.s3Prefix = s3Prefix;
        return this;
    }

    public Optional<URI> getS3Endpoint()
    {
        return Optional.ofNullable(s3Endpoint);
    }

    @Config("result-cache.s3.endpoint")
    @ConfigDescription("Endpoint of an S3-compatible service (e.g. http://minio:9000); AWS's endpoint for the region when unset")
    public ResultCacheConfig setS3Endpoint(URI s3Endpoint)
    {
        this.s3Endpoint = s3Endpoint;
        return this;
    }

    @NotNull
    public String getS3Region()
    {
        return s3Region;
    }

    @Config("result-cache.s3.region")
    @ConfigDescription("Region of the bucket; S3-compatible services mostly accept the default")
    public ResultCacheConfig setS3Region(String s3Region)
    {
        this.s3Region = s3Region;
        return this;
    }

    public boolean isS3PathStyleAccess()
    {
        return s3PathStyleAccess;
    }

    @Config("result-cache.s3.path-style-access")
    @ConfigDescription("Address the bucket in the path (endpoint/bucket/key) instead of the host name, as many S3-compatible services need")
    public ResultCacheConfig setS3PathStyleAccess(boolean s3PathStyleAccess)
    {
        this.s3PathStyleAccess = s3PathStyleAccess;
        return this;
    }

    public Optional<String> getS3AwsAccessKey()
    {
        return Optional.ofNullable(s3AwsAccessKey);
    }

    @Config("result-cache.s3.aws-access-key")
    @ConfigDescription("Access key for S3; without keys, the AWS SDK's default credentials chain applies")
    public ResultCacheConfig setS3AwsAccessKey(String s3AwsAccessKey)
    {
        this.s3AwsAccessKey = s3AwsAccessKey;
        return this;
    }

    public Optional<String> getS3AwsSecretKey()
    {
        return Optional.ofNullable(s3AwsSecretKey);
    }

    @Config("result-cache.s3.aws-secret-key")
    @ConfigDescription("Secret key for S3, with result-cache.s3.aws-access-key")
    @ConfigSecuritySensitive
    public ResultCacheConfig setS3AwsSecretKey(String s3AwsSecretKey)
    {
        this.s3AwsSecretKey = s3AwsSecretKey;
        return this;
    }

    @AssertTrue(message = "result-cache.s3.aws-access-key and result-cache.s3.aws-secret-key must be set together")
    public boolean isS3KeysPaired()
    {
        return (s3AwsAccessKey == null) == (s3AwsSecretKey == null);
    }

    /** The S3 storage, with result-cache.storage=s3. */
    public S3Settings s3Settings()
    {
        return new S3Settings(s3Bucket, s3Prefix, getS3Endpoint(), s3Region, s3PathStyleAccess, getS3AwsAccessKey(), getS3AwsSecretKey());
    }

    @NotNull
    public DataSize getMaxDiskSize()
    {
        return maxDiskSize;
    }

    @Config("result-cache.max-disk-size")
    @ConfigDescription("Bound of the store; the least recently used entries go first")
    public ResultCacheConfig setMaxDiskSize(DataSize maxDiskSize)
    {
        this.maxDiskSize = maxDiskSize;
        return this;
    }

    @NotNull
    @MaxDataSize("64MB")
    public DataSize getMaxResultSize()
    {
        return maxResultSize;
    }

    @Config("result-cache.max-result-size")
    @ConfigDescription("Largest result kept (JSON size of its rows); larger results are passed through and not cached")
    public ResultCacheConfig setMaxResultSize(DataSize maxResultSize)
    {
        this.maxResultSize = maxResultSize;
        return this;
    }

    @AssertTrue(message = "result-cache.max-disk-size must be at least result-cache.max-result-size, or no result that large could be kept")
    public boolean isMaxDiskSizeEnough()
    {
        return maxDiskSize == null || maxResultSize == null || maxDiskSize.toBytes() >= maxResultSize.toBytes();
    }

    @NotNull
    @MinDuration("1s")
    public Duration getMaxAge()
    {
        return maxAge;
    }

    @Config("result-cache.max-age")
    @ConfigDescription("Age after which an entry is not served even when its inputs are unchanged")
    public ResultCacheConfig setMaxAge(Duration maxAge)
    {
        this.maxAge = maxAge;
        return this;
    }

    @NotNull
    public Set<String> getTtlCatalogs()
    {
        return ttlCatalogs;
    }

    @Config("result-cache.ttl-catalogs")
    @ConfigDescription("Catalogs without data versions whose tables may be cached by age alone (e.g. tpch)")
    public ResultCacheConfig setTtlCatalogs(String catalogs)
    {
        this.ttlCatalogs = LIST.splitToStream(catalogs).map(name -> name.toLowerCase(Locale.ROOT)).collect(ImmutableSet.toImmutableSet());
        return this;
    }

    @NotNull
    @MinDuration("1s")
    public Duration getTtlCatalogsMaxAge()
    {
        return ttlCatalogsMaxAge;
    }

    @Config("result-cache.ttl-catalogs.max-age")
    @ConfigDescription("Maximum age of an entry that read a table of a TTL catalog")
    public ResultCacheConfig setTtlCatalogsMaxAge(Duration ttlCatalogsMaxAge)
    {
        this.ttlCatalogsMaxAge = ttlCatalogsMaxAge;
        return this;
    }

    public String getIcebergRestCatalogs()
    {
        return icebergRestCatalogs;
    }

    @Config("result-cache.iceberg-rest-catalogs")
    @ConfigDescription("Trino catalogs of Iceberg REST catalogs, as name=uri pairs: lakehouse=http://127.0.0.1:8181")
    public ResultCacheConfig setIcebergRestCatalogs(String icebergRestCatalogs)
    {
        this.icebergRestCatalogs = icebergRestCatalogs;
        return this;
    }

    /** The Trino catalog names mapped to the URIs of their Iceberg REST catalogs. */
    public Map<String, URI> icebergRestCatalogUris()
    {
        ImmutableMap.Builder<String, URI> catalogs = ImmutableMap.builder();
        for (String pair : LIST.split(icebergRestCatalogs)) {
            int equals = pair.indexOf('=');
            if (equals <= 0 || equals == pair.length() - 1) {
                throw new IllegalArgumentException("result-cache.iceberg-rest-catalogs: '%s' is not name=uri".formatted(pair));
            }
            URI uri;
            try {
                uri = new URI(pair.substring(equals + 1).trim());
            }
            catch (URISyntaxException e) {
                throw new IllegalArgumentException("result-cache.iceberg-rest-catalogs: '%s' has no valid URI: %s".formatted(pair, e.getMessage()));
            }
            if (!isHttp(uri)) {
                throw new IllegalArgumentException("result-cache.iceberg-rest-catalogs: '%s' has no http or https URI with a host".formatted(pair));
            }
            catalogs.put(pair.substring(0, equals).trim().toLowerCase(Locale.ROOT), uri);
        }
        return catalogs.buildOrThrow();
    }

    @AssertTrue(message = "result-cache.iceberg-rest-catalogs must be a comma-separated list of name=uri pairs with distinct names and http(s) URIs, e.g. lakehouse=http://127.0.0.1:8181")
    public boolean isIcebergRestCatalogsValid()
    {
        try {
            icebergRestCatalogUris();
            return true;
        }
        catch (IllegalArgumentException e) {
            return false;
        }
    }

    public Optional<Path> getPolicyVersionFile()
    {
        return Optional.ofNullable(policyVersionFile).map(Path::of);
    }

    @Config("result-cache.policy-version-file")
    @ConfigDescription("File where Floe's access control writes its active policy version (its floe.policy.version-file); part of every key")
    public ResultCacheConfig setPolicyVersionFile(String policyVersionFile)
    {
        this.policyVersionFile = policyVersionFile;
        return this;
    }

    @NotNull
    public List<Path> getIdentityFiles()
    {
        return identityFiles;
    }

    @Config("result-cache.identity-files")
    @ConfigDescription("Files that decide who users are besides the policy, e.g. the group file of Trino's file group provider (its file.group-file); their content is part of every key")
    public ResultCacheConfig setIdentityFiles(String files)
    {
        this.identityFiles = LIST.splitToStream(files).map(Path::of).collect(ImmutableList.toImmutableList());
        return this;
    }

    @NotNull
    public Duration getIdentityFilesSettleTime()
    {
        return identityFilesSettleTime;
    }

    @Config("result-cache.identity-files.settle-time")
    @ConfigDescription("How long after a change of an identity file no result is stored: at least the refresh period with which Trino re-reads it")
    public ResultCacheConfig setIdentityFilesSettleTime(Duration identityFilesSettleTime)
    {
        this.identityFilesSettleTime = identityFilesSettleTime;
        return this;
    }

    @NotNull
    public Set<String> getNonDeterministicFunctions()
    {
        return nonDeterministicFunctions;
    }

    @Config("result-cache.non-deterministic-functions")
    @ConfigDescription("Further functions (e.g. of plugins) whose use makes a query not cacheable, beyond Trino's own")
    public ResultCacheConfig setNonDeterministicFunctions(String functions)
    {
        this.nonDeterministicFunctions = LIST.splitToStream(functions).map(name -> name.toLowerCase(Locale.ROOT)).collect(ImmutableSet.toImmutableSet());
        return this;
    }

    public Optional<Path> getHistoryDirectory()
    {
        return Optional.ofNullable(historyDirectory).map(Path::of);
    }

    @Config("result-cache.history-directory")
    @ConfigDescription("Hand-over directory of Floe's query history (its history.access-audit.directory): every hit becomes a row of result_cache_hits")
    public ResultCacheConfig setHistoryDirectory(String historyDirectory)
    {
        this.historyDirectory = historyDirectory;
        return this;
    }

    private static boolean isHttp(URI uri)
    {
        return uri.getScheme() != null && (uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https")) && uri.getHost() != null;
    }
}
