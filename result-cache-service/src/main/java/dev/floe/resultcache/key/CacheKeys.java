package dev.floe.resultcache.key;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.floe.resultcache.protocol.ClientRequest;

import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The key of a result: SHA-256 of the normalized statement, every header that decides what it computes or who
 * computes it (identity, credentials, catalog, schema, path, time zone, roles, prepared statements, client
 * capabilities, source and tags), the session properties (sorted: their order means nothing) and the version of
 * the access policy. Each part is length-prefixed, so no two different inputs hash the same bytes.
 */
public final class CacheKeys
{
    private CacheKeys() {}

    public static String key(String normalizedSql, ClientRequest request, String policyVersion)
    {
        Hasher hasher = Hashing.sha256().newHasher();
        put(hasher, "sql", normalizedSql);
        for (String header : ClientRequest.KEY_HEADERS) {
            List<String> values = request.values(header);
            put(hasher, header, String.join("\u0000", values));
        }
        put(hasher, "session", String.join("\u0000", request.sessionProperties().stream().sorted().toList()));
        put(hasher, "policy", policyVersion);
        return hasher.hash().toString();
    }

    private static void put(Hasher hasher, String name, String value)
    {
        byte[] bytes = value.getBytes(UTF_8);
        hasher.putInt(name.length()).putString(name, UTF_8).putInt(bytes.length).putBytes(bytes);
    }
}
