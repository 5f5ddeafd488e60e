package io.vdobench.nbd;

import java.io.IOException;

/**
 * Serialises every call to a backend that is not thread-safe (one lock for everything). The
 * server still runs one thread per connection; only the backend calls queue up. Flush stays
 * global, so NBD_FLAG_CAN_MULTI_CONN remains truthful.
 */
public final class SynchronizedNbdBackend implements NbdBackend {
    private final NbdBackend inner;

    public SynchronizedNbdBackend(NbdBackend inner) {
        this.inner = inner;
    }

    @Override public long sizeBytes() { return inner.sizeBytes(); }
    @Override public int blockSize() { return inner.blockSize(); }
    @Override public boolean flushCoversAllConnections() { return inner.flushCoversAllConnections(); }

    @Override
    public synchronized void read(long offset, byte[] dst, int off, int len) throws IOException {
        inner.read(offset, dst, off, len);
    }

    @Override
    public synchronized void write(long offset, byte[] src, int off, int len) throws IOException {
        inner.write(offset, src, off, len);
    }

    @Override
    public synchronized void flush() throws IOException {
        inner.flush();
    }

    @Override
    public synchronized void trim(long offset, long len) throws IOException {
        inner.trim(offset, len);
    }

    @Override
    public synchronized String statistics() {
        return inner.statistics();
    }

    @Override
    public synchronized void close() throws IOException {
        inner.close();
    }
}
