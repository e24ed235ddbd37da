package dev.floe.resultcache.store;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Entry files as objects of an S3 bucket under a prefix, through the AWS SDK's synchronous client. A PUT is atomic:
 * an object is visible whole or not at all, so no temporary names are needed.
 */
public final class S3BlobStore
        implements BlobStore
{
    private final S3Client client;
    private final S3Settings settings;

    public S3BlobStore(S3Client client, S3Settings settings)
    {
        this.client = requireNonNull(client, "client is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** A store with a client of its own, which {@link #close()} closes. */
    public static S3BlobStore create(S3Settings settings)
    {
        return new S3BlobStore(client(settings), settings);
    }

    @Override
    public void put(String name, byte[] content)
            throws IOException
    {
        try {
            client.putObject(request -> request.bucket(settings.bucket()).key(key(name)), RequestBody.fromBytes(content));
        }
        catch (SdkException e) {
            throw new IOException("Cannot write " + key(name) + " to " + settings, e);
        }
    }

    @Override
    public Optional<byte[]> get(String name)
            throws IOException
    {
        try {
            return Optional.of(client.getObject(request -> request.bucket(settings.bucket()).key(key(name)), ResponseTransformer.toBytes()).asByteArrayUnsafe());
        }
        catch (NoSuchKeyException e) {
            return Optional.empty();
        }
        catch (SdkException e) {
            throw new IOException("Cannot read " + key(name) + " from " + settings, e);
        }
    }

    @Override
    public Optional<String> firstLine(String name)
            throws IOException
    {
        try (ResponseInputStream<GetObjectResponse> object = client.getObject(request -> request.bucket(settings.bucket()).key(key(name)))) {
            String line = new BufferedReader(new InputStreamReader(object, UTF_8)).readLine();
            // closing alone would read the rows to the end; aborting drops the connection instead
            object.abort();
            return Optional.ofNullable(line);
        }
        catch (NoSuchKeyException e) {
            return Optional.empty();
        }
        catch (SdkException e) {
            throw new IOException("Cannot read " + key(name) + " from " + settings, e);
        }
    }

    @Override
    public void delete(String name)
            throws IOException
    {
        try {
            client.deleteObject(request -> request.bucket(settings.bucket()).key(key(name)));
        }
        catch (SdkException e) {
            throw new IOException("Cannot delete " + key(name) + " from " + settings, e);
        }
    }

    @Override
    public List<Blob> list()
            throws IOException
    {
        // the delimiter keeps out what lies in folders below the prefix
        ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket(settings.bucket())
                .prefix(settings.prefix())
                .delimiter("/")
                .build();
        List<Blob> blobs = new ArrayList<>();
        try {
            for (S3Object object : client.listObjectsV2Paginator(request).contents()) {
                blobs.add(new Blob(object.key().substring(settings.prefix().length()), object.size()));
            }
        }
        catch (SdkException e) {
            throw new IOException("Cannot list " + settings, e);
        }
        return blobs;
    }

    @Override
    public void close()
    {
        client.close();
    }

    @Override
    public String toString()
    {
        return settings.toString();
    }

    private String key(String name)
    {
        return settings.prefix() + name;
    }

    private static S3Client client(S3Settings settings)
    {
        AwsCredentialsProvider credentials = settings.accessKey()
                .<AwsCredentialsProvider>map(accessKey -> StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, settings.secretKey().orElseThrow())))
                .orElseGet(DefaultCredentialsProvider::create);
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(credentials)
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyleAccess())
                // checksums only where S3 requires them: many S3-compatible services reject the SDK's default trailers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
