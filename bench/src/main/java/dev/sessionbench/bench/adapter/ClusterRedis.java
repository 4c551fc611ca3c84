package dev.sessionbench.bench.adapter;

import dev.sessionbench.fixtures.redis.RedisCluster;
import dev.sessionbench.fixtures.redis.RedisEndpoint;
import dev.sessionbench.fixtures.redis.RedisKeys;
import java.util.Arrays;
import java.util.List;

/**
 * The Redis Cluster of the {@code redis-cluster} subject: the one named in {@value #PROPERTY} (its seeds, such as
 * {@code 127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002}), else a throwaway three-master cluster started once per
 * JVM and stopped when it exits.
 */
public final class ClusterRedis {

    /** The system property that names an existing cluster's seeds. */
    public static final String PROPERTY = "sessionbench.redis.cluster";

    private static ClusterRedis shared;

    private final List<RedisEndpoint> nodes;

    private ClusterRedis(List<RedisEndpoint> nodes) {
        this.nodes = nodes;
    }

    /** Returns the cluster every {@code redis-cluster} adapter of this JVM uses, starting it at the first call. */
    public static synchronized ClusterRedis shared() {
        if (shared == null) {
            String given = System.getProperty(PROPERTY);
            if (given != null && !given.isBlank()) {
                shared = new ClusterRedis(parseSeeds(given));
            } else {
                RedisCluster cluster = RedisCluster.start(RedisCluster.DEFAULT_MASTERS);
                Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "sessionbench-cluster-stop"));
                shared = new ClusterRedis(cluster.endpoints());
            }
        }
        return shared;
    }

    /** Returns the endpoints of a seed list {@code host:port,host:port,...}. */
    static List<RedisEndpoint> parseSeeds(String seeds) {
        List<RedisEndpoint> nodes = Arrays.stream(seeds.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> RedisEndpoint.parse("redis://" + s))
                .toList();
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(
                    PROPERTY + " must list host:port seeds separated by commas, was '" + seeds + "'");
        }
        return nodes;
    }

    /** Returns the nodes' endpoints. */
    public List<RedisEndpoint> nodes() {
        return nodes;
    }

    /** Returns the seed list a cluster client starts from, {@code host:port,host:port,...}. */
    public String seeds() {
        return String.join(
                ",", nodes.stream().map(n -> n.host() + ":" + n.port()).toList());
    }

    /** Deletes the keys under {@code prefix} on every node (SCAN and UNLINK) and returns how many. */
    public long deleteUnder(String prefix) {
        long n = 0;
        for (RedisEndpoint node : nodes) {
            n += RedisKeys.deleteUnder(node, prefix);
        }
        return n;
    }
}
