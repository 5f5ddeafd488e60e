package io.vdobench.vdo;

/** A thread of one volume, serving one work queue; it knows its dm-vdo thread id ({@code vdo_get_callback_thread_id}). */
final class VdoThread extends Thread {
    final VdoThreads owner;
    final int vdoThreadId;
    private final WorkQueue queue;

    VdoThread(VdoThreads owner, int vdoThreadId, String name, WorkQueue queue) {
        super(name);
        this.owner = owner;
        this.vdoThreadId = vdoThreadId;
        this.queue = queue;
        setDaemon(true);
    }

    @Override
    public void run() {
        queue.service();
    }
}
