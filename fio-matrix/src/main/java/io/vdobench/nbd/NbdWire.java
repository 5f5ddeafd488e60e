package io.vdobench.nbd;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Blocking exact-length I/O on a socket channel. */
final class NbdWire {
    private NbdWire() {}

    /** The peer closed its side; {@code atBoundary} if no byte of the current message had arrived. */
    static final class PeerClosedException extends EOFException {
        private static final long serialVersionUID = 1L;
        final boolean atBoundary;

        PeerClosedException(boolean atBoundary, String what) {
            super("peer closed " + (atBoundary ? "before " : "in the middle of ") + what);
            this.atBoundary = atBoundary;
        }
    }

    /** Fills {@code buf} from its position to its limit. */
    static void readFully(SocketChannel ch, ByteBuffer buf, String what) throws IOException {
        boolean any = false;
        while (buf.hasRemaining()) {
            int n = ch.read(buf);
            if (n < 0) {
                throw new PeerClosedException(!any, what);
            }
            any |= n > 0;
        }
    }

    static void writeFully(SocketChannel ch, ByteBuffer... bufs) throws IOException {
        long left = 0;
        for (ByteBuffer b : bufs) {
            left += b.remaining();
        }
        while (left > 0) {
            left -= ch.write(bufs);
        }
    }

    /** Reads and discards {@code count} bytes through {@code scratch} (memory stays bounded). */
    static void drain(SocketChannel ch, long count, ByteBuffer scratch, String what) throws IOException {
        long left = count;
        while (left > 0) {
            scratch.clear().limit((int) Math.min(scratch.capacity(), left));
            int n = ch.read(scratch);
            if (n < 0) {
                throw new PeerClosedException(false, what);
            }
            left -= n;
        }
    }
}
