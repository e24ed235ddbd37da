package dev.floe.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static java.nio.charset.StandardCharsets.UTF_8;

/** What the servers this module forks (lakehouse catalog, Kafka broker) share: their classpath and their directory. */
final class ForkedJvms
{
    private ForkedJvms() {}

    /**
     * The classpath the build resolved for a forked server (a resource next to {@code owner}, see the pom), after
     * checking that every entry still exists.
     */
    static String classpath(Class<?> owner, String resourceName, String server, String rebuild)
    {
        URL resource = owner.getResource(resourceName);
        if (resource == null) {
            throw new IllegalStateException("No " + resourceName + " next to " + owner.getName() + ": build floe-testing with Maven");
        }
        String classpath;
        try (InputStream input = resource.openStream()) {
            classpath = new String(input.readAllBytes(), UTF_8).strip();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> missing = new ArrayList<>();
        for (String entry : classpath.split(":")) {
            if (!Files.exists(Path.of(entry))) {
                missing.add(entry);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The %s's classpath (%s) names files that are gone: %s; rebuild %s".formatted(server, resource, missing, rebuild));
        }
        return classpath;
    }

    static void delete(Path directory)
    {
        if (Files.exists(directory)) {
            try {
                deleteRecursively(directory, ALLOW_INSECURE);
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot delete " + directory, e);
            }
        }
    }
}
