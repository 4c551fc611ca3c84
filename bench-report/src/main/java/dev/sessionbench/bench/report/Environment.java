package dev.sessionbench.bench.report;

import java.util.List;
import java.util.Map;

/**
 * Where and how a run was made, written beside the JMH JSON as {@code environment.json} by the run command and
 * read by the report. Every field is measured or read at run time, never typed in.
 *
 * @param date            ISO date of the run (yyyy-mm-dd)
 * @param machine         a short, file-name-safe name of the machine (host name unless overridden)
 * @param profile         {@code quick} or {@code full}
 * @param cpuModel        from /proc/cpuinfo, or os.arch where that is missing
 * @param cores           available processors
 * @param memoryBytes     physical memory
 * @param os              name, version and architecture
 * @param jdk             java.vm.name and java.runtime.version
 * @param jvmFlags        the flags of the forked benchmark JVMs
 * @param redisVersion    the Redis server's version (INFO server)
 * @param redisLocation   how Redis was found: REDIS_URL, the local 6379, or a throwaway server, always loopback
 * @param mapdbDurability the durability mode of each MapDB subject, by subject label
 * @param libraries       artifact to version, for every library measured
 * @param gitCommit       the commit the suite was built from, with "-dirty" when the tree had changes
 * @param jmhSettings     the JMH options of the run, verbatim
 * @param command         the exact command that reproduces the run
 * @param durationSeconds how long the run took
 * @param footprint       per-session footprint measured outside JMH: subject label to metric to bytes
 * @param notes           anything else the report must say about this run
 */
public record Environment(
        String date,
        String machine,
        String profile,
        String cpuModel,
        int cores,
        long memoryBytes,
        String os,
        String jdk,
        List<String> jvmFlags,
        String redisVersion,
        String redisLocation,
        Map<String, String> mapdbDurability,
        Map<String, String> libraries,
        String gitCommit,
        String jmhSettings,
        String command,
        long durationSeconds,
        Map<String, Map<String, Double>> footprint,
        List<String> notes) {}
