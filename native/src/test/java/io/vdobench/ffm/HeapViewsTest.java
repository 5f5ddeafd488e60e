package io.vdobench.ffm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HeapViewsTest {

    /** The view starts at {@code array[offset]}, runs to the end, and writes land in the array. */
    private static void assertViewOf(byte[] array, int offset, MemorySegment v) {
        assertSame(array, v.heapBase().orElseThrow(), "view over another array");
        assertEquals(offset, v.address(), "a heap segment's address is its byte offset in the array");
        assertEquals(array.length - offset, v.byteSize(), "view must run to the end of the array");
        if (offset < array.length) {
            byte before = array[offset];
            byte mark = (byte) (before ^ 0x5A);
            v.set(JAVA_BYTE, 0, mark);
            assertEquals(mark, array[offset], "write through the view did not land at the offset");
            array[offset] = before;
            assertEquals(before, v.get(JAVA_BYTE, 0));
        }
    }

    @Test
    void sameArrayAndOffsetGiveTheSameView() {
        HeapViews h = new HeapViews();
        byte[] a = new byte[4096];
        MemorySegment v = h.at(a, 36);
        assertViewOf(a, 36, v);
        assertSame(v, h.at(a, 36));
        assertEquals(1, h.hits());
        assertEquals(1, h.misses());
    }

    @Test
    void differentOffsetsAndArraysGiveDistinctCorrectViews() {
        HeapViews h = new HeapViews();
        byte[] a = new byte[4096];
        byte[] b = new byte[4096]; // equal contents, different identity
        List<MemorySegment> seen = new ArrayList<>();
        for (byte[] arr : new byte[][] {a, b}) {
            for (int off = 0; off <= arr.length; off++) {
                MemorySegment v = h.at(arr, off);
                assertViewOf(arr, off, v);
                seen.add(v);
            }
        }
        // Second pass: every key hits and returns the view it got the first time.
        int i = 0;
        for (byte[] arr : new byte[][] {a, b}) {
            for (int off = 0; off <= arr.length; off++) {
                assertSame(seen.get(i++), h.at(arr, off), "offset " + off);
            }
        }
        assertEquals(seen.size(), h.hits());
        assertEquals(seen.size(), h.size());
        assertEquals(0, h.resets());
        assertNotSame(h.at(a, 0), h.at(b, 0));
    }

    @Test
    void offsetsOutsideTheArrayAreRejected() {
        HeapViews h = new HeapViews();
        byte[] a = new byte[16];
        assertThrows(IndexOutOfBoundsException.class, () -> h.at(a, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> h.at(a, 17));
        assertEquals(0, h.at(a, 16).byteSize());
        assertEquals(0, h.at(new byte[0], 0).byteSize());
    }

    @Test
    void reachingTheViewBoundDropsTheCacheAndStaysCorrect() {
        HeapViews h = new HeapViews(1 << 20, 1 << 16, 64, 8);
        byte[] a = new byte[100];
        for (int round = 0; round < 3; round++) {
            for (int off = 0; off < 20; off++) {
                assertViewOf(a, off, h.at(a, off));
                assertTrue(h.size() <= 8, "views above the bound: " + h.size());
            }
        }
        assertTrue(h.resets() >= 6, "resets: " + h.resets());
    }

    @Test
    void reachingTheArrayOrByteBoundDropsTheCacheAndStaysCorrect() {
        HeapViews byCount = new HeapViews(1 << 20, 1 << 16, 4, 1000);
        HeapViews byBytes = new HeapViews(4000, 1000, 1000, 1000);
        byte[][] arrays = new byte[10][];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = new byte[1000];
        }
        for (int round = 0; round < 3; round++) {
            for (byte[] arr : arrays) {
                assertViewOf(arr, 7, byCount.at(arr, 7));
                assertViewOf(arr, 7, byBytes.at(arr, 7));
            }
        }
        assertTrue(byCount.resets() > 0 && byCount.size() <= 4);
        assertTrue(byBytes.resets() > 0 && byBytes.size() <= 4);
    }

    @Test
    void overLongArraysGetAFreshViewEveryTime() {
        HeapViews h = new HeapViews(1 << 20, 64, 16, 16);
        byte[] big = new byte[65];
        MemorySegment v1 = h.at(big, 3);
        assertViewOf(big, 3, v1);
        assertNotSame(v1, h.at(big, 3));
        assertEquals(0, h.size());
        assertEquals(0, h.hits());
    }

    @Test
    void threadsHaveTheirOwnCaches() throws Exception {
        byte[] a = new byte[4096];
        MemorySegment mine = HeapViews.local().at(a, 36);
        AtomicReference<MemorySegment> theirs = new AtomicReference<>();
        AtomicReference<HeapViews> theirCache = new AtomicReference<>();
        Thread t = new Thread(() -> {
            theirCache.set(HeapViews.local());
            theirs.set(HeapViews.local().at(a, 36));
        });
        t.start();
        t.join();
        assertNotSame(HeapViews.local(), theirCache.get());
        assertNotSame(mine, theirs.get(), "another thread got this thread's cached view");
        assertViewOf(a, 36, theirs.get());
        assertSame(mine, HeapViews.local().at(a, 36));
    }

    @Test
    void constructorRejectsBoundsThatCannotHoldAnArray() {
        assertThrows(IllegalArgumentException.class, () -> new HeapViews(100, 200, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new HeapViews(100, 100, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new HeapViews(100, 100, 10, 0));
    }

    /** Random lookups over a few arrays with tight bounds: every answer is a correct view. */
    @Property(tries = 200)
    void randomLookupsAlwaysAnswerTheRightView(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int maxViews,
            @ForAll @IntRange(min = 1, max = 6) int maxArrays) {
        HeapViews h = new HeapViews(1 << 16, 512, maxArrays, maxViews);
        Random rnd = new Random(seed);
        byte[][] arrays = new byte[8][];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = new byte[1 + rnd.nextInt(512)];
        }
        for (int k = 0; k < 300; k++) {
            byte[] a = arrays[rnd.nextInt(arrays.length)];
            int off = rnd.nextInt(a.length + 1);
            assertViewOf(a, off, h.at(a, off));
            assertTrue(h.size() <= maxViews);
        }
    }
}
