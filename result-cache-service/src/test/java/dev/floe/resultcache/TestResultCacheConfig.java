package dev.floe.resultcache;

import com.google.common.collect.ImmutableMap;
import dev.floe.resultcache.ResultCacheConfig.Storage;
import dev.floe.resultcache.store.S3Settings;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.units.DataSize.Unit.GIGABYTE;
import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestResultCacheConfig
{
    @Test
    void defaults()
    {
        assertRecordedDefaults(recordDefaults(ResultCacheConfig.class)
                .setCoordinatorUri(null)
                .setStorage(Storage.LOCAL)
                .setDirectory(null)
                .setS3Bucket(null)
                .setS3Prefix("")
                .setS3Endpoint(null)
                .setS3Region("us-east-1")
                .setS3PathStyleAccess(false)
                .setS3AwsAccessKey(null)
                .setS3AwsSecretKey(null)
                .setMaxDiskSize(DataSize.of(1, GIGABYTE))
                .setMaxResultSize(DataSize.of(4, MEGABYTE))
                .setMaxAge(new Duration(24, HOURS))
                .setTtlCatalogs("")
                .setTtlCatalogsMaxAge(new Duration(5, MINUTES))
                .setIcebergRestCatalogs("")
                .setPolicyVersionFile(null)
                .setIdentityFiles("")
                .setIdentityFilesSettleTime(new Duration(10, SECONDS))
                .setNonDeterministicFunctions("")
                .setHistoryDirectory(null));
    }

    @Test
    void explicitProperties()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("result-cache.coordinator-uri", "http://127.0.0.1:8080")
                .put("result-cache.storage", "s3")
                .put("result-cache.directory", "/var/floe/result-cache")
                .put("result-cache.s3.bucket", "floe")
                .put("result-cache.s3.prefix", "result-cache/")
                .put("result-cache.s3.endpoint", "http://127.0.0.1:9000")
                .put("result-cache.s3.region", "eu-west-1")
                .put("result-cache.s3.path-style-access", "true")
                .put("result-cache.s3.aws-access-key", "access")
                .put("result-cache.s3.aws-secret-key", "secret")
                .put("result-cache.max-disk-size", "2GB")
                .put("result-cache.max-result-size", "8MB")
                .put("result-cache.max-age", "1h")
                .put("result-cache.ttl-catalogs", "tpch")
                .put("result-cache.ttl-catalogs.max-age", "1m")
                .put("result-cache.iceberg-rest-catalogs", "lakehouse=http://127.0.0.1:8181")
                .put("result-cache.policy-version-file", "/var/floe/policy-version")
                .put("result-cache.identity-files", "/etc/trino/group.txt")
                .put("result-cache.identity-files.settle-time", "30s")
                .put("result-cache.non-deterministic-functions", "my_random")
                .put("result-cache.history-directory", "/var/floe/history")
                .buildOrThrow();

        assertFullMapping(properties, new ResultCacheConfig()
                .setCoordinatorUri(URI.create("http://127.0.0.1:8080"))
                .setStorage(Storage.S3)
                .setDirectory("/var/floe/result-cache")
                .setS3Bucket("floe")
                .setS3Prefix("result-cache/")
                .setS3Endpoint(URI.create("http://127.0.0.1:9000"))
                .setS3Region("eu-west-1")
                .setS3PathStyleAccess(true)
                .setS3AwsAccessKey("access")
                .setS3AwsSecretKey("secret")
                .setMaxDiskSize(DataSize.of(2, GIGABYTE))
                .setMaxResultSize(DataSize.of(8, MEGABYTE))
                .setMaxAge(new Duration(1, HOURS))
                .setTtlCatalogs("tpch")
                .setTtlCatalogsMaxAge(new Duration(1, MINUTES))
                .setIcebergRestCatalogs("lakehouse=http://127.0.0.1:8181")
                .setPolicyVersionFile("/var/floe/policy-version")
                .setIdentityFiles("/etc/trino/group.txt")
                .setIdentityFilesSettleTime(new Duration(30, SECONDS))
                .setNonDeterministicFunctions("my_random")
                .setHistoryDirectory("/var/floe/history"));
    }

    @Test
    void addressesAndBoundsAreChecked()
    {
        ResultCacheConfig config = new ResultCacheConfig();
        assertThat(config.setCoordinatorUri(URI.create("http://127.0.0.1:8080")).isCoordinatorUriValid()).isTrue();
        assertThat(config.setCoordinatorUri(URI.create("localhost:8080")).isCoordinatorUriValid()).isFalse();
        assertThat(config.setCoordinatorUri(URI.create("ftp://coordinator/")).isCoordinatorUriValid()).isFalse();

        assertThat(config.setMaxResultSize(DataSize.of(4, MEGABYTE)).setMaxDiskSize(DataSize.of(4, MEGABYTE)).isMaxDiskSizeEnough()).isTrue();
        assertThat(config.setMaxDiskSize(DataSize.of(1, MEGABYTE)).isMaxDiskSizeEnough()).isFalse();

        assertThat(config.setIcebergRestCatalogs("lakehouse=http://127.0.0.1:8181, other=https://catalog.example.com/api").isIcebergRestCatalogsValid()).isTrue();
        assertThat(config.setIcebergRestCatalogs("lakehouse=127.0.0.1:8181").isIcebergRestCatalogsValid()).isFalse();
        assertThatThrownBy(config::icebergRestCatalogUris).hasMessageContaining("'lakehouse=127.0.0.1:8181'");
    }

    @Test
    void storageNeedsItsLocation()
    {
        ResultCacheConfig local = new ResultCacheConfig();
        assertThat(local.isDirectoryConfigured()).isFalse();
        assertThat(local.isS3BucketConfigured()).isTrue();
        assertThat(local.setDirectory("/var/floe/result-cache").isDirectoryConfigured()).isTrue();

        ResultCacheConfig s3 = new ResultCacheConfig().setStorage(Storage.S3);
        assertThat(s3.isDirectoryConfigured()).isTrue();
        assertThat(s3.isS3BucketConfigured()).isFalse();
        assertThat(s3.setS3Bucket("floe").isS3BucketConfigured()).isTrue();

        assertThat(s3.setS3AwsAccessKey("access").isS3KeysPaired()).isFalse();
        assertThat(s3.setS3AwsSecretKey("secret").isS3KeysPaired()).isTrue();
        assertThat(s3.setS3Prefix("/result-cache").s3Settings())
                .isEqualTo(new S3Settings("floe", "result-cache/", Optional.empty(), "us-east-1", false, Optional.of("access"), Optional.of("secret")));
    }
}
