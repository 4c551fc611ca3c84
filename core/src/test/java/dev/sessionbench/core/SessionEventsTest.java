package dev.sessionbench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionbench.core.spi.SessionEvents;
import dev.sessionbench.core.spi.StoreState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SessionEventsTest {

    private static SessionEvent created(int n) {
        return new SessionEvent.Created("fp" + n, Optional.empty(), Instant.EPOCH);
    }

    @Test
    void eventsArriveInOrderOnAnotherThread() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        SessionEvents events = new SessionEvents(
                "test store",
                List.of(e -> {
                    seen.add(e.fingerprint());
                    threads.add(Thread.currentThread());
                }),
                100,
                Duration.ofSeconds(5));
        for (int i = 0; i < 50; i++) {
            events.publish(created(i));
        }
        events.close();
        assertThat(seen).hasSize(50).startsWith("fp0", "fp1").endsWith("fp49");
        assertThat(threads).doesNotContain(Thread.currentThread());
        assertThat(events.delivered()).isEqualTo(50);
        assertThat(events.dropped()).isZero();
    }

    @Test
    void aBlockedListenerNeverBlocksPublishAndTheOverflowIsDroppedAndCounted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        SessionEvents events = new SessionEvents(
                "test store",
                List.of(e -> {
                    entered.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                }),
                10,
                Duration.ofSeconds(5));
        events.publish(created(0));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        for (int i = 1; i <= 100; i++) {
            events.publish(created(i));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(events.dropped()).isEqualTo(90);
        release.countDown();
        events.close();
        assertThat(events.delivered()).isEqualTo(11);
    }

    @Test
    void aFailingListenerDoesNotStopDeliveryToTheNext() {
        List<String> seen = new CopyOnWriteArrayList<>();
        SessionEvents events = new SessionEvents(
                "test store",
                List.of(
                        e -> {
                            throw new IllegalStateException("listener bug");
                        },
                        e -> seen.add(e.fingerprint())),
                10,
                Duration.ofSeconds(5));
        events.publish(created(1));
        events.publish(created(2));
        events.close();
        assertThat(seen).containsExactly("fp1", "fp2");
    }

    @Test
    void withoutListenersNothingIsQueuedAndAfterCloseEventsAreDropped() {
        SessionEvents none = SessionEvents.of("test store", SessionPolicy.defaults());
        assertThat(none.enabled()).isFalse();
        none.publish(created(1));
        none.close();
        SessionEvents one = new SessionEvents("test store", List.of(e -> {}), 10, Duration.ofSeconds(1));
        one.close();
        one.publish(created(2));
        assertThat(one.dropped()).isEqualTo(1);
        assertThatThrownBy(() -> new SessionEvents("s", List.of(e -> {}), 0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity");
    }

    @Test
    void nullOrBlankPrincipalIsRefusedWithAMessage() {
        StoreState state = new StoreState("test store");
        assertThatThrownBy(() -> state.checkPrincipal(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("principal must not be null");
        assertThatThrownBy(() -> state.checkPrincipal(" \t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("principal must not be blank");
        assertThat(state.checkPrincipal("alice")).isEqualTo("alice");
    }

    @Test
    void eventsNeverCarryARawId() {
        String id = SessionIds.generate();
        SessionEvent e = new SessionEvent.Rotated(
                SessionIds.fingerprint(id), SessionIds.fingerprint(id), Optional.of("alice"), Instant.EPOCH);
        assertThat(e.toString()).doesNotContain(id).contains(SessionIds.fingerprint(id));
    }
}
