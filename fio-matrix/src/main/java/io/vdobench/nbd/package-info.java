/**
 * An NBD (Network Block Device) server that lets unmodified clients, above all Debian's fio with
 * {@code ioengine=nbd}, drive a vdobench volume.
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li><b>Alignment: reject, never read-modify-write.</b> The export advertises
 *       NBD_INFO_BLOCK_SIZE minimum = preferred = 4096 (the VDO logical block) and maximum payload
 *       32 MiB. READ/WRITE/TRIM with an unaligned offset or length get NBD_EINVAL. The backend only
 *       ever sees whole 4 KiB blocks, so benchmark numbers contain no hidden server-side RMW and no
 *       cross-connection RMW locking is needed. Clients that skip NBD_INFO_BLOCK_SIZE (or use
 *       NBD_OPT_EXPORT_NAME) are still admitted, and their unaligned commands are errored cleanly
 *       (the spec's rule for servers with non-default constraints). libnbd honours the advertised
 *       minimum on its own: fio with bs=512 fails client-side with EINVAL.</li>
 *   <li><b>Bounds:</b> WRITE past the end → NBD_ENOSPC; READ/TRIM past the end → NBD_EINVAL
 *       (proto.md "Error values"). Offsets are unsigned 64-bit; overflow cannot wrap.</li>
 *   <li><b>Oversized:</b> READ/WRITE longer than the maximum payload → NBD_EINVAL; a rejected
 *       WRITE's payload is drained through the connection's bounded buffer so the stream stays in
 *       sync and the connection stays usable. TRIM carries no payload and may be longer.</li>
 *   <li><b>Unknown commands and flags</b> → NBD_EINVAL (CACHE, WRITE_ZEROES, BLOCK_STATUS included,
 *       none is advertised). A bad request magic cannot be resynchronised: hard disconnect of that
 *       connection only.</li>
 *   <li><b>Ordering:</b> one thread per connection serves its requests strictly in order with
 *       simple replies (clients may pipeline; requests wait in the socket). Parallelism comes from
 *       connections; CAN_MULTI_CONN is advertised because flush is global (backend contract).</li>
 *   <li><b>FUA</b> is the backend's {@code writeFua} (by default a write and a flush; the VDO volume's is dm-vdo's REQ_FUA); SEND_FUA is advertised.</li>
 *   <li><b>Memory:</b> per connection one I/O buffer of at most 1 MiB (requests are streamed in
 *       chunks), at most {@code maxConnections} (256) connections; negotiation option data above
 *       64 KiB is drained and refused with NBD_REP_ERR_TOO_BIG.</li>
 *   <li><b>Zero length:</b> READ, WRITE and TRIM of length 0 → NBD_EINVAL without reaching the
 *       backend (there is nothing to do, and a backend need not accept empty requests).</li>
 *   <li><b>Logging is bounded per connection:</b> the first invalid request and the first backend
 *       failure are logged, later ones only counted, and the counts logged when the connection
 *       ends; the per-error totals are in the statistics. A client cannot flood the log.</li>
 *   <li><b>Negotiation</b> must finish within 30 s (a stalled client is disconnected); the timer is
 *       cancelled as soon as negotiation or the connection ends. After the handshake there is no
 *       idle timeout by default (fio keeps connections idle between phases);
 *       {@link io.vdobench.nbd.NbdServerConfig#idleTimeout()} ({@code serve-nbd --idle-timeout})
 *       closes connections that send no request for that long.</li>
 *   <li><b>Not implemented:</b> TLS, structured replies, metadata contexts / BLOCK_STATUS,
 *       extended headers, WRITE_ZEROES, CACHE, read-only exports, more than one export.</li>
 * </ul>
 */
package io.vdobench.nbd;
