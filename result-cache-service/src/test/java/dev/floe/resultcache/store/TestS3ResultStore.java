package dev.floe.resultcache.store;

import dev.floe.testing.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** The store on a real S3-compatible server (S3Proxy in a forked JVM, started once for the class); a bucket per test. */
final class TestS3ResultStore
        extends AbstractTestResultStore
{
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static S3Server server;

    private final List<BlobStore> opened = new ArrayList<>();
    private String bucket;

    @BeforeAll
    static void startServer()
    {
        server = S3Server.start();
    }

    @AfterAll
    static void stopServer()
    {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void createBucket()
    {
        bucket = "result-cache-" + BUCKETS.incrementAndGet();
        server.createBucket(bucket);
    }

    @AfterEach
    void closeClients()
    {
        opened.forEach(BlobStore::close);
        opened.clear();
    }

    @Override
    protected BlobStore blobs()
    {
        return blobs("cache");
    }

    @Test
    void objectsOutsideThePrefixAreLeftAlone()
            throws IOException
    {
        BlobStore root = blobs("");
        root.put("elsewhere.entry", "not json\n".getBytes(UTF_8));
        root.put("cache/below/x.entry", "not json\n".getBytes(UTF_8));

        ResultStore store = new ResultStore(blobs(), 1_000_000);
        assertThat(store.size()).isZero();
        assertThat(root.get("elsewhere.entry")).isPresent();
        assertThat(root.get("cache/below/x.entry")).isPresent();
        assertThat(names()).isEmpty();
    }

    private BlobStore blobs(String prefix)
    {
        // the server checks no signature; any keys do
        S3Settings settings = new S3Settings(bucket, prefix, Optional.of(server.uri()), "us-east-1", true, Optional.of("floe"), Optional.of("floe-secret"));
        BlobStore blobs = S3BlobStore.create(settings);
        opened.add(blobs);
        return blobs;
    }
}
