package dev.sessionbench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.core.SessionPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The create benchmark measures creation into a live set that stays flat, not into one that grows. */
class CreateBenchmarkSteadyStateTest {

    @Test
    void aThreadRemovesWhatItCreatedOnceItHoldsItsShareBetweenCalls() {
        Sessions s = new Sessions();
        s.subject = "memory";
        s.liveSessions = 10;
        s.payload = "small";
        s.open(Operation.CREATE, SessionPolicy.defaults());
        try {
            Cursor c = new Cursor();
            c.start(s);
            CreateBenchmark.Created created = new CreateBenchmark.Created();
            created.start(s);
            List<String> all = new ArrayList<>();
            for (int i = 0; i < 3 * CreateBenchmark.CREATED_PER_THREAD; i++) {
                created.trim(s);
                all.add(new CreateBenchmark().create(s, c, created));
                assertThat(created.values).hasSizeLessThanOrEqualTo(CreateBenchmark.CREATED_PER_THREAD);
            }
            // the first two rounds were removed between calls; the last round is still live
            assertThat(s.adapter.lookup(all.get(0))).isNull();
            assertThat(s.adapter.lookup(all.get(2 * CreateBenchmark.CREATED_PER_THREAD - 1)))
                    .isNull();
            assertThat(s.adapter.lookup(all.get(all.size() - 1))).isNotNull();
        } finally {
            s.close();
        }
    }
}
