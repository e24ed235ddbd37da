package dev.floe.resultcache.store;

import io.airlift.log.Logger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;
import static java.util.Objects.requireNonNull;

/**
 * Entry files in a local directory. A file is written under a temporary name and renamed, so a crash leaves whole
 * files or none; temporary files a crash left behind are deleted when the store opens.
 */
public final class LocalBlobStore
        implements BlobStore
{
    private static final Logger log = Logger.get(LocalBlobStore.class);
    private static final String TEMPORARY_SUFFIX = ".tmp";

    private final Path directory;

    public LocalBlobStore(Path directory)
    {
        this.directory = requireNonNull(directory, "directory is null");
        try {
            Files.createDirectories(directory);
        }
        catch (IOException e) {
            throw new UncheckedIOException("result-cache.directory: cannot create " + directory, e);
        }
        deleteTemporaryFiles();
    }

    @Override
    public void put(String name, byte[] content)
            throws IOException
    {
        Path temporary = directory.resolve(name + "." + UUID.randomUUID() + TEMPORARY_SUFFIX);
        try {
            // on disk before the rename: after a system crash the name holds all of the content or is absent
            try (FileChannel channel = FileChannel.open(temporary, CREATE_NEW, WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, file(name), ATOMIC_MOVE);
        }
        catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    @Override
    public Optional<byte[]> get(String name)
            throws IOException
    {
        try {
            return Optional.of(Files.readAllBytes(file(name)));
        }
        catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> firstLine(String name)
            throws IOException
    {
        try (BufferedReader reader = Files.newBufferedReader(file(name), UTF_8)) {
            return Optional.ofNullable(reader.readLine());
        }
        catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String name)
            throws IOException
    {
        Files.deleteIfExists(file(name));
    }

    @Override
    public List<Blob> list()
            throws IOException
    {
        List<Blob> blobs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path path : files) {
                String name = path.getFileName().toString();
                if (name.endsWith(TEMPORARY_SUFFIX)) {
                    continue;
                }
                try {
                    blobs.add(new Blob(name, Files.size(path)));
                }
                catch (NoSuchFileException ignored) {
                    // deleted meanwhile
                }
            }
        }
        return blobs;
    }

    @Override
    public String toString()
    {
        return directory.toString();
    }

    private Path file(String name)
    {
        return directory.resolve(name);
    }

    private void deleteTemporaryFiles()
    {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + TEMPORARY_SUFFIX)) {
            for (Path path : files) {
                // left by a crash between write and rename
                Files.deleteIfExists(path);
            }
        }
        catch (IOException e) {
            log.warn(e, "Cannot delete the temporary files of %s", directory);
        }
    }
}
