package dev.sessionbench.testkit.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A throwaway real Redis Cluster of masters only (no replicas), each a {@link RedisServer} with
 * {@code cluster-enabled yes} on a loopback port, joined with CLUSTER ADDSLOTS, SET-CONFIG-EPOCH and MEET (what
 * {@code redis-cli --cluster create} does, without needing redis-cli). {@link #close} stops every node and deletes
 * its files.
 */
public final class RedisCluster implements AutoCloseable {

    /** Hash slots in a Redis Cluster. */
    public static final int SLOTS = 16_384;
    /** Masters in the default cluster. */
    public static final int DEFAULT_MASTERS = 3;
    /** How long {@link #start} waits for {@code cluster_state:ok} on every node. */
    public static final Duration FORM_TIMEOUT = Duration.ofSeconds(30);
    /** The nodes' cluster-node-timeout: short, as nothing here crosses a network. */
    public static final Duration NODE_TIMEOUT = Duration.ofSeconds(2);

    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = nodes;
    }

    /** Returns a running cluster of {@link #DEFAULT_MASTERS} masters. */
    public static RedisCluster start() {
        return start(DEFAULT_MASTERS);
    }

    /** Returns a running cluster of {@code masters} masters (1 to 16), each serving an equal share of the slots. */
    public static RedisCluster start(int masters) {
        return start(masters, RedisBinary.locate());
    }

    /** Returns a running cluster of {@code masters} masters of the given {@code redis-server} binary. */
    public static RedisCluster start(int masters, java.nio.file.Path binary) {
        if (masters < 1 || masters > 16) {
            throw new IllegalArgumentException("masters must be from 1 to 16, was " + masters);
        }
        List<RedisServer> nodes = new ArrayList<>();
        RedisCluster cluster = new RedisCluster(nodes);
        try {
            for (int i = 0; i < masters; i++) {
                nodes.add(RedisServer.start(binary, List.of(
                        "cluster-enabled yes",
                        "cluster-config-file nodes.conf",
                        "cluster-node-timeout " + NODE_TIMEOUT.toMillis(),
                        "cluster-require-full-coverage yes")));
            }
            cluster.form();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void form() {
        int n = nodes.size();
        for (int i = 0; i < n; i++) {
            int from = i * SLOTS / n;
            int to = (i + 1) * SLOTS / n - 1;
            try (RespConnection c = connect(i)) {
                c.call("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
                addSlots(c, from, to);
            }
        }
        try (RespConnection first = connect(0)) {
            for (int i = 1; i < n; i++) {
                first.call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(nodes.get(i).port()));
            }
        }
        long deadline = System.nanoTime() + FORM_TIMEOUT.toNanos();
        while (!formed()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis Cluster on ports " + ports() + " did not reach cluster_state:ok "
                        + "within " + FORM_TIMEOUT);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while forming the cluster", e);
            }
        }
    }

    /** ADDSLOTSRANGE exists from Redis 7.0; older servers (the bundled 6.2) take the slots one by one. */
    private static void addSlots(RespConnection c, int from, int to) {
        try {
            c.call("CLUSTER", "ADDSLOTSRANGE", Integer.toString(from), Integer.toString(to));
        } catch (RespConnection.RespError e) {
            List<String> args = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            for (int s = from; s <= to; s++) {
                args.add(Integer.toString(s));
            }
            c.call(args.toArray(String[]::new));
        }
    }

    private boolean formed() {
        for (int i = 0; i < nodes.size(); i++) {
            try (RespConnection c = connect(i)) {
                String info = c.callString("CLUSTER", "INFO");
                if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + nodes.size())
                        || !info.contains("cluster_slots_assigned:" + SLOTS)) {
                    return false;
                }
                // Every node must also see every other node's slots, or a client may be redirected to a node that
                // still refuses the slot.
                List<?> slots = (List<?>) c.call("CLUSTER", "SLOTS");
                if (slots.size() != nodes.size()) {
                    return false;
                }
            }
        }
        return true;
    }

    private RespConnection connect(int i) {
        return RespConnection.open(nodes.get(i).endpoint(), RespConnection.DEFAULT_TIMEOUT);
    }

    /** Returns the nodes, in order of their slot ranges. */
    public List<RedisServer> nodes() {
        return List.copyOf(nodes);
    }

    /** Returns the nodes' endpoints. */
    public List<RedisEndpoint> endpoints() {
        return nodes.stream().map(RedisServer::endpoint).toList();
    }

    /** Returns the nodes as {@code 127.0.0.1:p1,127.0.0.1:p2,...}, the seed list a cluster client starts from. */
    public String seeds() {
        return nodes.stream().map(s -> "127.0.0.1:" + s.port()).collect(Collectors.joining(","));
    }

    /** Deletes the keys under {@code prefix} on every node and returns how many. */
    public long deleteUnder(String prefix) {
        long n = 0;
        for (RedisServer node : nodes) {
            n += RedisKeys.deleteUnder(node.endpoint(), prefix);
        }
        return n;
    }

    /** Returns the number of keys under {@code prefix} on every node together. */
    public long countUnder(String prefix) {
        long n = 0;
        for (RedisServer node : nodes) {
            n += RedisKeys.countUnder(node.endpoint(), prefix);
        }
        return n;
    }

    private String ports() {
        return nodes.stream().map(s -> Integer.toString(s.port())).collect(Collectors.joining(","));
    }

    /** Stops every node and deletes its files. Idempotent. */
    @Override
    public void close() {
        for (RedisServer node : nodes) {
            node.close();
        }
    }
}
