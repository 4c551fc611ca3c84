package dev.sessionbench.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.spi.SessionStoreProvider;
import dev.sessionbench.core.spi.StoreUri;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The store URI: every option, its default, and a clear refusal of what is wrong. No Redis needed. */
class RedisSessionStoreProviderTest {

    private static RedisSessionStore.Builder configure(String uri) {
        return RedisSessionStoreProvider.configure(StoreUri.parse(uri));
    }

    @Test
    void providerIsFoundForBothSchemes() {
        assertThat(ServiceLoader.load(SessionStoreProvider.class)).anySatisfy(p -> {
            assertThat(p).isInstanceOf(RedisSessionStoreProvider.class);
            assertThat(p.schemes()).contains("redis", "rediss");
        });
    }

    @Test
    void defaultsApplyWhenNoOptionIsGiven() {
        RedisSessionStore.Builder b = configure("redis://localhost");
        RedisURI node = b.nodes().get(0);
        assertThat(node.getHost()).isEqualTo("localhost");
        assertThat(node.getPort()).isEqualTo(6379);
        assertThat(node.getDatabase()).isZero();
        assertThat(node.isSsl()).isFalse();
        assertThat(b.isCluster()).isFalse();
        assertThat(b.keyPrefix()).isEqualTo(RedisSessionStore.DEFAULT_KEY_PREFIX);
        assertThat(b.commandTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.connectTimeout()).isEqualTo(RedisSessionStore.DEFAULT_CONNECT_TIMEOUT);
        assertThat(b.requestQueueSize()).isEqualTo(RedisSessionStore.DEFAULT_REQUEST_QUEUE_SIZE);
    }

    @Test
    void everyOptionIsRead() {
        RedisSessionStore.Builder b = configure(
                "redis://10.0.0.5:6380/3?prefix=shop:sess:&timeout=250ms" + "&connectTimeout=2s&queueSize=500");
        RedisURI node = b.nodes().get(0);
        assertThat(node.getHost()).isEqualTo("10.0.0.5");
        assertThat(node.getPort()).isEqualTo(6380);
        assertThat(node.getDatabase()).isEqualTo(3);
        assertThat(b.keyPrefix()).isEqualTo("shop:sess:");
        assertThat(b.commandTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(b.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.requestQueueSize()).isEqualTo(500);
    }

    @Test
    void passwordAndUserAreTakenFromTheUserInformation() {
        RedisURI node = configure("redis://:s3cr%40t@h:6379").nodes().get(0);
        assertThat(new String(node.getCredentialsProvider()
                        .resolveCredentials()
                        .block()
                        .getPassword()))
                .isEqualTo("s3cr@t");
        assertThat(node.getCredentialsProvider().resolveCredentials().block().getUsername())
                .isNull();
        assertThat(RedisSessionStore.passwordOf(node)).containsExactly("s3cr@t".toCharArray());
        node = configure("redis://app:pw@h").nodes().get(0);
        assertThat(node.getCredentialsProvider().resolveCredentials().block().getUsername())
                .isEqualTo("app");
        assertThat(RedisSessionStore.passwordOf(configure("redis://h").nodes().get(0)))
                .isNull();
    }

    @Test
    void redissMeansTlsWithPeerVerificationUnlessTurnedOff() {
        RedisURI node = configure("rediss://cache.example:6380").nodes().get(0);
        assertThat(node.isSsl()).isTrue();
        assertThat(node.isVerifyPeer()).isTrue();
        assertThat(configure("rediss://cache.example?verifyPeer=false")
                        .nodes()
                        .get(0)
                        .isVerifyPeer())
                .isFalse();
    }

    @Test
    void severalHostsWithClusterTrueAreClusterSeeds() {
        RedisSessionStore.Builder b = configure("redis://:pw@h1:7000,h2:7001,[::1]:7002?cluster=true");
        assertThat(b.isCluster()).isTrue();
        assertThat(b.nodes()).extracting(RedisURI::getHost).containsExactly("h1", "h2", "::1");
        assertThat(b.nodes()).extracting(RedisURI::getPort).containsExactly(7000, 7001, 7002);
        assertThat(configure("redis://h1:7000?cluster=true").isCluster()).isTrue();
    }

    @Test
    void severalHostsWithoutClusterAreRefused() {
        assertThatThrownBy(() -> configure("redis://h1:7000,h2:7001"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster=true");
    }

    @Test
    void aDatabaseOtherThanZeroInAClusterIsRefused() {
        assertThatThrownBy(() -> configure("redis://h1:7000/2?cluster=true"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database 2");
    }

    @Test
    void unknownOptionIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> configure("redis://h?tiemout=1s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tiemout")
                .hasMessageContaining("timeout")
                .hasMessageContaining("prefix");
    }

    @Test
    void malformedValuesAreRefusedSayingWhatIsAllowed() {
        assertThatThrownBy(() -> configure("redis://h?timeout=soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("500ms");
        assertThatThrownBy(() -> configure("redis://h?timeout=0s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> configure("redis://h:99999"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> configure("redis://h/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database number");
        assertThatThrownBy(() -> configure("redis://h?cluster=maybe"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> configure("redis://h?prefix=a%7Bb"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("braces");
        assertThatThrownBy(() -> configure("redis://h?queueSize=0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 1000000");
        assertThatThrownBy(() -> configure("redis:///0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host");
    }

    @Test
    void aPasswordNeverAppearsInAMessage() {
        assertThatThrownBy(() -> configure("redis://topsecret@h"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":password@")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> configure("redis://:topsecret@h?nosuch=1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("topsecret");
    }
}
