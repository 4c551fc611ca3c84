package dev.sessionbench.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The names Java and Lua share are written into the scripts from the Java constants. */
class RedisScriptsTest {

    private static final List<RedisScripts.Script> ALL = List.of(
            RedisScripts.TOUCH,
            RedisScripts.PUT,
            RedisScripts.DELTA,
            RedisScripts.RENAME,
            RedisScripts.INVALIDATE,
            RedisScripts.LIST,
            RedisScripts.END_ALL,
            RedisScripts.PURGE);

    @Test
    void theFieldNamesAndTheDigestLengthComeFromTheJavaConstants() {
        assertThat(RedisScripts.expand(
                        "redis.call('HMGET', KEYS[1], ${created}, ${accessed}, ${attribute} .. x, ${digest})"))
                .isEqualTo("redis.call('HMGET', KEYS[1], 'c', 'l', 'a:' .. x, 43)");
        assertThat(RedisScripts.TOUCH.source()).contains("'" + RedisScripts.ACCESSED + "'");
        assertThat(RedisScripts.PUT.source())
                .contains("'" + RedisScripts.CREATED + "', ARGV[4], '" + RedisScripts.ACCESSED + "', ARGV[5]");
        assertThat(ALL).allSatisfy(script -> assertThat(script.source()).doesNotContain("${"));
    }

    @Test
    void anUnknownNameIsAnError() {
        assertThatThrownBy(() -> RedisScripts.expand("return ${creatd}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("${creatd}");
    }
}
