package dev.floe.resultcache;

import io.airlift.bootstrap.Bootstrap;
import io.airlift.http.server.HttpServerModule;
import io.airlift.log.Logger;
import io.airlift.node.NodeModule;

/**
 * Starts the result cache: an Airlift HTTP server in front of the Trino coordinator, configured by the properties
 * file named by {@code -Dconfig=} (see README.md).
 */
public final class ResultCacheServer
{
    private static final Logger log = Logger.get(ResultCacheServer.class);

    private ResultCacheServer() {}

    public static void main(String[] args)
    {
        Bootstrap app = new Bootstrap(new NodeModule(), new HttpServerModule(), new ResultCacheModule());
        try {
            app.initialize();
            log.info("======== RESULT CACHE STARTED ========");
        }
        catch (Throwable e) {
            log.error(e);
            System.exit(1);
        }
    }
}
