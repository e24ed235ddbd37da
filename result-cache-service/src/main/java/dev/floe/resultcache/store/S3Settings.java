package dev.floe.resultcache.store;

import java.net.URI;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * Where and how the entries are kept on S3-compatible storage. The prefix is used as a folder: empty, or ending
 * with {@code /}. Without keys, the AWS SDK's default credentials chain applies.
 */
public record S3Settings(
        String bucket,
        String prefix,
        Optional<URI> endpoint,
        String region,
        boolean pathStyleAccess,
        Optional<String> accessKey,
        Optional<String> secretKey)
{
    public S3Settings
    {
        requireNonNull(bucket, "bucket is null");
        checkArgument(!bucket.isBlank(), "bucket is empty");
        prefix = folder(requireNonNull(prefix, "prefix is null"));
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(region, "region is null");
        requireNonNull(accessKey, "accessKey is null");
        requireNonNull(secretKey, "secretKey is null");
        checkArgument(accessKey.isPresent() == secretKey.isPresent(), "accessKey and secretKey go together");
    }

    private static String folder(String prefix)
    {
        String folder = prefix.strip();
        while (folder.startsWith("/")) {
            folder = folder.substring(1);
        }
        return folder.isEmpty() || folder.endsWith("/") ? folder : folder + "/";
    }

    @Override
    public String toString()
    {
        // never the secret key
        return "s3://" + bucket + "/" + prefix + endpoint.map(uri -> " at " + uri).orElse("");
    }
}
