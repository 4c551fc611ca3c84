package dev.sessionbench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionbench.bench.adapter.Adapter;
import dev.sessionbench.bench.adapter.Adapters;
import dev.sessionbench.bench.report.Operation;
import dev.sessionbench.bench.report.Subject;
import dev.sessionbench.core.SessionPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Calls every benchmark method once (or a few times) for every subject that has the operation, on a small live
 * set, and checks the answer: so that no adapter can publish a number for work it did not do.
 */
class BenchmarkOperationsTest {

    /** Live sessions in each check: small, as the checks are about answers, not speed. */
    private static final int LIVE = 64;

    @TestFactory
    Stream<DynamicNode> everyOperationOfEverySubjectGivesTheRightAnswer() {
        List<DynamicNode> subjects = new ArrayList<>();
        for (Subject subject : Subject.values()) {
            Set<Operation> ops;
            try (Adapter a = Adapters.open(subject, SessionPolicy.defaults())) {
                ops = a.operations();
            } catch (RuntimeException e) {
                // a subject that cannot even open fails here, visibly, rather than dropping out of the suite
                subjects.add(DynamicTest.dynamicTest(subject.label() + " opens", () -> {
                    throw e;
                }));
                continue;
            }
            List<DynamicTest> tests = new ArrayList<>();
            for (Operation op : ops) {
                tests.add(DynamicTest.dynamicTest(op.method(), () -> check(subject, op)));
            }
            subjects.add(DynamicContainer.dynamicContainer(subject.label(), tests));
        }
        return subjects.stream();
    }

    private static Sessions open(Subject subject, Operation op) {
        Sessions s = new Sessions();
        s.subject = subject.label();
        s.liveSessions = LIVE;
        s.payload = "small";
        s.open(op, SessionPolicy.defaults());
        return s;
    }

    private static void check(Subject subject, Operation op) {
        if (op == Operation.EXPIRY) {
            checkExpiry(subject);
            return;
        }
        Sessions s = open(subject, op);
        try {
            Cursor c = new Cursor();
            c.start(s);
            switch (op) {
                case LOOKUP_HIT -> {
                    for (int i = 0; i < LIVE; i++) {
                        assertThat(new LookupBenchmark().lookupHit(s, c))
                                .as("lookup of a live session")
                                .isNotNull();
                    }
                    assertCarriesPayload(s.adapter.lookup(s.values[0]));
                }
                case LOOKUP_MISS -> {
                    for (int i = 0; i < 16; i++) {
                        assertThat(new LookupBenchmark().lookupMiss(s, c))
                                .as("lookup of an unknown value")
                                .isNull();
                    }
                }
                case LOOKUP_MALFORMED -> {
                    assertThat(s.malformed).isNotEmpty();
                    for (int i = 0; i < s.malformed.length; i++) {
                        assertThat(new LookupBenchmark().lookupMalformed(s, c))
                                .as("lookup of a malformed value")
                                .isNull();
                    }
                }
                case CREATE -> checkCreate(s, c);
                case ACCESS_AND_SAVE -> {
                    int at = c.next;
                    String value = s.hits[at & Sessions.MASK];
                    String saved = new AccessAndSaveBenchmark().accessAndSave(s, c);
                    assertThat(saved).as("value after a save").isNotNull();
                    if (!s.adapter.operations().contains(Operation.LOOKUP_HIT)) {
                        break; // raw-fsync: a forced page, nothing to read back
                    }
                    Object found = s.adapter.lookup(saved);
                    assertThat(found).as("the saved session").isNotNull();
                    if (subject.kind() != Subject.Kind.RAW) {
                        String name = Payload.name((at & Integer.MAX_VALUE) % 10);
                        assertThat(attribute(found, name))
                                .as("the changed attribute")
                                .isEqualTo(s.newValues[at & 1023]);
                        if (!saved.equals(value)) {
                            assertThat(subject.family())
                                    .as("only a token changes value on save")
                                    .isEqualTo(Subject.Family.TOKEN);
                        }
                    }
                }
                case CHANGE_ID -> {
                    ChangeIdBenchmark.Slots slots = new ChangeIdBenchmark.Slots();
                    slots.take(s);
                    String old = slots.values[0];
                    String moved = new ChangeIdBenchmark().changeId(s, slots);
                    assertThat(moved).as("the new value").isNotNull().isNotEqualTo(old);
                    assertThat(slots.values[0]).isEqualTo(moved);
                    assertThat(s.adapter.lookup(moved))
                            .as("the session under its new value")
                            .isNotNull();
                    if (s.adapter.revokes()) {
                        assertThat(s.adapter.lookup(old))
                                .as("the old value after changeId")
                                .isNull();
                    }
                }
                case INVALIDATE -> {
                    InvalidateBenchmark.Batch batch = new InvalidateBenchmark.Batch();
                    batch.prepare(s);
                    batch.refill(s);
                    String[] ended = batch.values.clone();
                    assertThat(new InvalidateBenchmark().invalidate(s, batch))
                            .as("sessions found and ended")
                            .isEqualTo(InvalidateBenchmark.BATCH);
                    if (s.adapter.revokes()) {
                        for (String v : ended) {
                            assertThat(s.adapter.lookup(v))
                                    .as("a session after its logout")
                                    .isNull();
                        }
                    }
                }
                case MIXED -> {
                    MixedBenchmark.Traffic t = new MixedBenchmark.Traffic();
                    t.prepare(s);
                    int answered = 0;
                    int calls = 2000;
                    for (int i = 0; i < calls; i++) {
                        Object r = new MixedBenchmark().mixed(s, t);
                        if (r != null && !Boolean.FALSE.equals(r)) {
                            answered++;
                        }
                    }
                    // lookups of live sessions, saves and creates all answer; only a request on a slot that
                    // was just logged out finds nothing
                    assertThat(answered)
                            .as("requests that found or made their session")
                            .isGreaterThan(calls * 9 / 10);
                    t.discard(s);
                    s.discardPending();
                }
                default -> throw new AssertionError("no check for " + op);
            }
        } finally {
            s.close();
        }
    }

    private static void checkCreate(Sessions s, Cursor c) {
        CreateBenchmark.Created created = new CreateBenchmark.Created();
        Set<String> values = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            String v = new CreateBenchmark().create(s, c, created);
            assertThat(v).as("a created value").isNotNull();
            values.add(v);
        }
        Subject subject = s.adapter.subject();
        if (subject != Subject.RAW_JJWT && subject != Subject.RAW_HMAC) {
            // a signature over the same claims in the same millisecond may repeat; IDs and keys never do
            assertThat(values).as("every create returns a new value").hasSize(8);
        }
        if (s.adapter.operations().contains(Operation.LOOKUP_HIT) && subject.kind() != Subject.Kind.RAW
                || subject == Subject.RAW_CHM
                || subject == Subject.RAW_LETTUCE
                || subject == Subject.RAW_MAPDB) {
            for (String v : values) {
                assertThat(s.adapter.lookup(v)).as("a created session").isNotNull();
            }
        }
        assertThat(created.live()).hasSize(8).containsAll(values);
        if (s.adapter.holdsSessions()) {
            created.discard(s);
            assertThat(created.live()).isEmpty();
            s.discardPending();
            if (s.adapter.revokes()) {
                for (String v : values) {
                    assertThat(s.adapter.lookup(v))
                            .as("a created session after the iteration's cleanup")
                            .isNull();
                }
            }
        }
    }

    private static void checkExpiry(Subject subject) {
        ExpiryBenchmark.Pipeline p = new ExpiryBenchmark.Pipeline();
        p.subject = subject.label();
        p.liveSessions = 3 * ExpiryBenchmark.BATCH;
        p.payload = "small";
        p.open();
        try {
            for (int i = 0; i < 3; i++) {
                p.step();
                assertThat(new ExpiryBenchmark().expiry(p))
                        .as("sessions reclaimed by purge " + i)
                        .isEqualTo(ExpiryBenchmark.BATCH);
            }
        } finally {
            p.close();
        }
    }

    /** Returns the attribute of whatever the subject's lookup returned. */
    @SuppressWarnings("unchecked")
    private static String attribute(Object found, String name) {
        if (found instanceof dev.sessionbench.core.Session s) {
            return s.attribute(name).orElse(null);
        }
        if (found instanceof org.springframework.session.Session s) {
            return s.getAttribute(name);
        }
        if (found instanceof Map<?, ?> m) {
            return (String) ((Map<String, Object>) m).get(name);
        }
        throw new AssertionError("cannot read attributes of " + found.getClass());
    }

    private static void assertCarriesPayload(Object found) {
        assertThat(found).isNotNull();
        if (found instanceof dev.sessionbench.core.Session s) {
            assertThat(s.attributes()).hasSize(Payload.ATTRIBUTES);
            assertThat(s.attributes().values()).allSatisfy(v -> assertThat(v).hasSize(Payload.SMALL.valueLength()));
        } else if (found instanceof org.springframework.session.Session s) {
            assertThat(s.getAttributeNames()).hasSize(Payload.ATTRIBUTES);
        }
    }
}
