package dev.floe.resultcache.key;

import com.google.common.collect.ImmutableListMultimap;
import dev.floe.resultcache.protocol.ClientRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class TestCacheKeys
{
    private static final String SQL = "SELECT count(*) FROM nation";

    @Test
    void identitySessionAndPolicyArePartOfTheKey()
    {
        String base = key(request("x-trino-user", "alice"), "v1");
        assertThat(key(request("x-trino-user", "alice"), "v1")).isEqualTo(base);
        assertThat(key(request("x-trino-user", "bob"), "v1")).isNotEqualTo(base);
        assertThat(key(request("x-trino-user", "alice"), "v2")).isNotEqualTo(base);
        assertThat(key(request("x-trino-user", "alice", "x-trino-role", "system=ROLE{admin}"), "v1")).isNotEqualTo(base);
        assertThat(key(request("x-trino-user", "alice", "authorization", "Basic YWxpY2U6eA=="), "v1")).isNotEqualTo(base);
        assertThat(key(request("x-trino-user", "alice", "x-trino-time-zone", "Europe/Paris"), "v1")).isNotEqualTo(base);
        assertThat(key(request("x-trino-user", "alice", "x-trino-client-capabilities", "PARAMETRIC_DATETIME"), "v1")).isNotEqualTo(base);
        assertThat(CacheKeys.key("SELECT 1", request("x-trino-user", "alice"), "v1")).isNotEqualTo(base);
    }

    @Test
    void sessionPropertiesCountButNotTheirOrderNorTheProxysOwn()
    {
        String base = key(request("x-trino-user", "alice", "x-trino-session", "a=1,b=2"), "v1");
        assertThat(key(request("x-trino-user", "alice", "x-trino-session", "b=2,a=1"), "v1")).isEqualTo(base);
        assertThat(key(request("x-trino-user", "alice", "x-trino-session", "b=2", "x-trino-session", "a=1,skip_results_cache=false"), "v1")).isEqualTo(base);
        assertThat(key(request("x-trino-user", "alice", "x-trino-session", "a=1,b=3"), "v1")).isNotEqualTo(base);
    }

    @Test
    void theSkipPropertyNeverReachesTheCoordinator()
    {
        ClientRequest request = request("x-trino-user", "alice", "x-trino-session", "query_max_run_time=1h,skip_results_cache=true", "x-floe-skip-results-cache", "true");
        assertThat(request.skipsCache()).isTrue();
        assertThat(request.upstreamHeaders().get("x-trino-session")).containsExactly("query_max_run_time=1h");
        assertThat(request.upstreamHeaders().containsKey("x-floe-skip-results-cache")).isFalse();
        assertThat(request("x-trino-session", "skip_results_cache=false").skipsCache()).isFalse();
        assertThat(request("x-trino-transaction-id", "NONE").inTransaction()).isFalse();
        assertThat(request("x-trino-transaction-id", "3f6c6a2e").inTransaction()).isTrue();
    }

    @Test
    void requestsTheKeyCannotTellApartAreNotCached()
    {
        assertThat(request("x-trino-user", "alice", "x-trino-session", "a=1,b=2", "content-type", "text/plain; charset=utf-8").unkeyable()).isEmpty();
        assertThat(request("x-presto-user", "alice").unkeyable()).contains("header x-presto-user");
        assertThat(request("x-trino-user", "alice", "content-type", "text/plain; charset=ISO-8859-1").unkeyable()).contains("body in charset ISO-8859-1");
        assertThat(request("x-trino-user", "alice", "x-trino-session", "a=1", "x-trino-session", "A=2").unkeyable()).contains("session property a set twice");
    }

    private static String key(ClientRequest request, String policy)
    {
        return CacheKeys.key(SQL, request, policy);
    }

    private static ClientRequest request(String... headers)
    {
        ImmutableListMultimap.Builder<String, String> map = ImmutableListMultimap.builder();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        return new ClientRequest(map.build());
    }
}
