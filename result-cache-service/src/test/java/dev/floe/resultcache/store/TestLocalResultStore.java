package dev.floe.resultcache.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The store on a local directory. */
final class TestLocalResultStore
        extends AbstractTestResultStore
{
    @TempDir
    Path directory;

    @Override
    protected BlobStore blobs()
    {
        return new LocalBlobStore(directory);
    }

    @Test
    void temporaryFilesOfACrashAreDeletedAtStart()
            throws IOException
    {
        Files.writeString(directory.resolve("b.1234.tmp"), "left by a crash");
        new ResultStore(blobs(), 1_000_000);
        try (var files = Files.list(directory)) {
            assertThat(files).isEmpty();
        }
    }
}
