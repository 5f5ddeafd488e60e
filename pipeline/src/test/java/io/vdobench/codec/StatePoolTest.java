package io.vdobench.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatePoolTest {

    @Test
    void reusesReleasedState() {
        AtomicInteger made = new AtomicInteger();
        try (StatePool<Object> pool = new StatePool<>("t", () -> { made.incrementAndGet(); return new Object(); }, o -> { })) {
            Object a = pool.acquire();
            pool.release(a);
            for (int i = 0; i < 1000; i++) {
                Object b = pool.acquire();
                assertSame(a, b);
                pool.release(b);
            }
            assertEquals(1, made.get());
        }
    }

    @Test
    void boundedByPeakConcurrency() throws Exception {
        List<Object> destroyed = new ArrayList<>();
        StatePool<Object> pool = new StatePool<>("t", Object::new, o -> { synchronized (destroyed) { destroyed.add(o); } });
        int threads = 6;
        CountDownLatch allHolding = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                Object s = pool.acquire();
                allHolding.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                pool.release(s);
                for (int i = 0; i < 10_000; i++) {
                    pool.release(pool.acquire());
                }
            });
            th.start();
            ts.add(th);
        }
        allHolding.await();
        go.countDown();
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(threads, pool.created());
        pool.close();
        assertEquals(threads, destroyed.size());
        assertThrows(CodecUnavailableException.class, pool::acquire);
    }

    @Test
    void stateReleasedAfterCloseIsDestroyed() {
        List<Object> destroyed = new ArrayList<>();
        StatePool<Object> pool = new StatePool<>("t", Object::new, destroyed::add);
        Object out = pool.acquire();
        pool.close();
        assertTrue(destroyed.isEmpty(), "in-flight state must not be freed under its user");
        pool.release(out);
        assertEquals(List.of(out), destroyed);
    }
}
