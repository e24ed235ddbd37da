package dev.floe.access.spi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static java.util.Objects.requireNonNull;

/**
 * The file {@code floe.policy.version-file}: the active policy version and a newline, for processes outside Trino
 * (the result-cache service puts it into its cache keys). Replaced whole by an atomic rename, so a reader sees the
 * old version or the new one, never a partial line.
 */
public final class PolicyVersionFile
{
    private final Path file;
    private final Path temporary;

    public PolicyVersionFile(Path file)
    {
        this.file = requireNonNull(file, "file is null").toAbsolutePath();
        // in the same directory: a rename across file systems is not atomic
        this.temporary = this.file.resolveSibling(this.file.getFileName() + ".tmp");
    }

    public Path file()
    {
        return file;
    }

    public void write(String version)
            throws IOException
    {
        Files.createDirectories(file.getParent());
        // not Files.createTempFile: its owner-only permissions would keep readers running as other users out
        try (FileChannel channel = FileChannel.open(temporary, CREATE, TRUNCATE_EXISTING, WRITE)) {
            ByteBuffer content = ByteBuffer.wrap((version + "\n").getBytes(StandardCharsets.UTF_8));
            while (content.hasRemaining()) {
                channel.write(content);
            }
            channel.force(true);
        }
        Files.move(temporary, file, ATOMIC_MOVE, REPLACE_EXISTING);
    }
}
