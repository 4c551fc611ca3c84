package dev.sessionbench.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The names and argument positions Java and Lua share are written into the scripts from the Java constants. */
class RedisScriptsTest {

    private static final List<RedisScripts.Script> ALL = RedisScripts.ALL;

    @Test
    void theFieldNamesAndTheDigestLengthComeFromTheJavaConstants() {
        assertThat(RedisScripts.expand(
                        "redis.call('HMGET', KEYS[1], ${created}, ${accessed}, ${attribute} .. x, ${digest})"))
                .isEqualTo("redis.call('HMGET', KEYS[1], 'c', 'l', 'a:' .. x, 43)");
        assertThat(RedisScripts.TOUCH.source()).contains("'" + RedisScripts.ACCESSED + "'");
        assertThat(RedisScripts.PUT.source())
                .contains("'" + RedisScripts.CREATED + "', ARGV[4], '" + RedisScripts.ACCESSED + "', ARGV[5]");
        assertThat(RedisScripts.ALL).hasSize(8).doesNotHaveDuplicates();
        assertThat(ALL).allSatisfy(script -> assertThat(script.source()).doesNotContain("${"));
    }

    @Test
    void theArgumentPositionsComeFromScriptArgsWhichBuildsTheArgumentsInThatOrder() {
        assertThat(RedisScripts.expand("${now} ${idle} ${abs} ARGV[${own}] ARGV[${own+2}]"))
                .isEqualTo("ARGV[1] ARGV[2] ARGV[3] ARGV[4] ARGV[6]");
        List<String> args = new RedisScripts.ScriptArgs(1_800_000, 43_200_000).times(1234, 1);
        args.add("own");
        RedisScripts.ScriptArgs.withIndex(args, "principal", "the-id");
        assertThat(args.get(RedisScripts.ScriptArgs.NOW - 1)).isEqualTo("1234");
        assertThat(args.get(RedisScripts.ScriptArgs.IDLE - 1)).isEqualTo("1800000");
        assertThat(args.get(RedisScripts.ScriptArgs.ABSOLUTE - 1)).isEqualTo("43200000");
        assertThat(args.get(RedisScripts.ScriptArgs.OWN - 1)).isEqualTo("own");
        assertThat(args.subList(args.size() - 2, args.size())).containsExactly("principal", "the-id");
        // No script names an argument by a number of its own: every position is written in from ScriptArgs.
        assertThat(ALL).allSatisfy(script -> assertThat(script.template()).doesNotContainPattern("ARGV\\[\\d"));
        assertThat(ALL)
                .allSatisfy(script -> assertThat(script.source())
                        .contains("local now = tonumber(ARGV[" + RedisScripts.ScriptArgs.NOW + "])")
                        .contains("local idle = tonumber(ARGV[" + RedisScripts.ScriptArgs.IDLE + "])")
                        .contains("local abs = tonumber(ARGV[" + RedisScripts.ScriptArgs.ABSOLUTE + "])"));
    }

    @Test
    void anUnknownNameIsAnError() {
        assertThatThrownBy(() -> RedisScripts.expand("return ${creatd}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("${creatd}");
    }
}
