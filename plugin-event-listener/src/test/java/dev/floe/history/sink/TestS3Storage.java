package dev.floe.history.sink;

import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.io.PositionOutputStream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No S3 service runs here: this proves that the plugin's classpath is complete for S3FileIO (the docker stack's
 * MinIO), by sending a write to an endpoint that refuses connections and expecting the S3 client's network error,
 * not a missing class.
 */
final class TestS3Storage
{
    @Test
    void s3FileIoReachesTheNetwork()
            throws IOException
    {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (S3FileIO io = new S3FileIO()) {
            io.initialize(Map.of(
                    "s3.endpoint", "http://127.0.0.1:" + closedPort,
                    "s3.path-style-access", "true",
                    "s3.access-key-id", "floe",
                    "s3.secret-access-key", "floe-secret-key",
                    "client.region", "us-east-1"));
            assertThatThrownBy(() -> {
                try (PositionOutputStream out = io.newOutputFile("s3://warehouse/floe_history/probe.bin").create()) {
                    out.write(new byte[] {1, 2, 3});
                }
            })
                    .hasStackTraceContaining("Connection refused")
                    .satisfies(error -> assertThat(error).isNotInstanceOf(LinkageError.class));
        }
    }
}
