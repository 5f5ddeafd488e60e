package io.vdobench.ffm.qpl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vdobench.ffm.qpl.QplStreamEnd.Verdict;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * The verdict rule on hand-made inflate states (no libqpl needed): which combinations of
 * {@code block_state}, {@code total_in} and {@code read_in_length} mean a complete stream, a cut one,
 * trailing bytes, or a state that is not the job's.
 */
class QplStreamEndVerdictTest {
    private static Verdict verdict(int srcLen, int totalIn, int readInLength, int blockState) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment input = a.allocate(64);
            MemorySegment state = a.allocate(QplStreamEnd.STATE_BYTES, 8);
            state.set(ADDRESS, QplStreamEnd.NEXT_IN, input.asSlice(totalIn));
            state.set(JAVA_INT, QplStreamEnd.AVAIL_IN, srcLen - totalIn);
            state.set(JAVA_INT, QplStreamEnd.READ_IN_LENGTH, readInLength);
            state.set(JAVA_INT, QplStreamEnd.BLOCK_STATE, blockState);
            return QplStreamEnd.verdict(state, input, srcLen, totalIn, srcLen - totalIn);
        }
    }

    @Test
    void finishedWithLessThanAByteLeftIsComplete() {
        for (int bits = 0; bits < 8; bits++) {
            assertEquals(Verdict.COMPLETE, verdict(40, 40, bits, QplStreamEnd.ISAL_BLOCK_FINISH), "bits " + bits);
        }
    }

    @Test
    void aWholeUnusedByteIsTrailing() {
        assertEquals(Verdict.TRAILING, verdict(40, 40, 8, QplStreamEnd.ISAL_BLOCK_FINISH));
        assertEquals(Verdict.TRAILING, verdict(40, 40, 63, QplStreamEnd.ISAL_BLOCK_FINISH));
        assertEquals(Verdict.TRAILING, verdict(48, 40, 3, QplStreamEnd.ISAL_BLOCK_FINISH), "input not all loaded");
    }

    @Test
    void anUnfinishedBlockIsNoFinalEob() {
        for (int state = 0; state < QplStreamEnd.ISAL_BLOCK_FINISH; state++) {
            assertEquals(Verdict.NO_FINAL_EOB, verdict(40, 40, 2, state), "block_state " + state);
        }
    }

    @Test
    void aStateThatIsNotTheJobsIsInconsistent() {
        assertEquals(Verdict.INCONSISTENT, verdict(40, 40, -1, QplStreamEnd.ISAL_BLOCK_FINISH));
        assertEquals(Verdict.INCONSISTENT, verdict(40, 40, 65, QplStreamEnd.ISAL_BLOCK_FINISH));
        assertEquals(Verdict.INCONSISTENT, verdict(4, 2, 17, QplStreamEnd.ISAL_BLOCK_FINISH), "more bits left than read");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment input = a.allocate(64);
            MemorySegment state = a.allocate(QplStreamEnd.STATE_BYTES, 8);
            state.set(ADDRESS, QplStreamEnd.NEXT_IN, input.asSlice(39)); // one byte short of total_in
            state.set(JAVA_INT, QplStreamEnd.AVAIL_IN, 0);
            state.set(JAVA_INT, QplStreamEnd.BLOCK_STATE, QplStreamEnd.ISAL_BLOCK_FINISH);
            assertEquals(Verdict.INCONSISTENT, QplStreamEnd.verdict(state, input, 40, 40, 0));
            state.set(ADDRESS, QplStreamEnd.NEXT_IN, input.asSlice(40));
            assertEquals(Verdict.COMPLETE, QplStreamEnd.verdict(state, input, 40, 40, 0));
            assertEquals(Verdict.INCONSISTENT, QplStreamEnd.verdict(state, input, 40, 40, 1), "avail_in differs");
        }
    }

    @Test
    void streamBytesCountsTheByteHoldingTheLastBit() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(QplStreamEnd.STATE_BYTES, 8);
            state.set(JAVA_INT, QplStreamEnd.READ_IN_LENGTH, 46); // 5 whole bytes and 6 bits unused
            assertEquals(3, QplStreamEnd.streamBytes(state, 8));
        }
    }

    @Test
    void aPointerOutsideTheJobIsRefused() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment job = a.allocate(QplJobLayout.JOB.byteSize() + QplStreamEnd.STATE_BYTES + 64, 64);
            job.set(ADDRESS, QplJobLayout.MIDDLE_LAYER_BUFFER_PTR, MemorySegment.ofAddress(job.address() + 8));
            assertNull(QplStreamEnd.stateOf(job), "inside the public struct");
            long at = QplJobLayout.JOB.byteSize();
            job.set(ADDRESS, QplJobLayout.MIDDLE_LAYER_BUFFER_PTR, MemorySegment.ofAddress(job.address() + at + 65));
            assertNull(QplStreamEnd.stateOf(job), "state would run past the job");
            job.set(ADDRESS, QplJobLayout.MIDDLE_LAYER_BUFFER_PTR, MemorySegment.ofAddress(job.address() + at + 64));
            assertEquals(job.address() + at + 64, QplStreamEnd.stateOf(job).address(), "last place it fits");
            job.set(ADDRESS, QplJobLayout.MIDDLE_LAYER_BUFFER_PTR, MemorySegment.ofAddress(job.address() + at));
            assertEquals(job.address() + at, QplStreamEnd.stateOf(job).address());
        }
    }
}
