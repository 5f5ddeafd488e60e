package io.vdobench.ffm.qpl;

import io.vdobench.data.DataKind;
import io.vdobench.ffm.qpl.QplCodec.Huffman;
import io.vdobench.ffm.qpl.QplCodec.Level;
import io.vdobench.ffm.qpl.QplCodec.Options;
import java.util.Arrays;

/**
 * One job on libqpl's hardware path, the doctor's last word: a 4 KiB block compressed on IAA (fixed Huffman,
 * verify on) and decompressed again, or why it could not run.
 *
 * @param ran    whether a hardware job was submitted at all
 * @param passed whether it ran and the block came back byte-exact
 * @param status what happened, e.g. {@code ok: 4096 -> 1702 bytes and back} or
 *               {@code not run: qpl_init_job(hardware) returned QPL_STS_INIT_WORK_QUEUES_NOT_AVAILABLE (503)}
 */
public record HardwareJob(boolean ran, boolean passed, String status) {
    static final int BLOCK = 4096;

    public static HardwareJob notRun(String why) {
        return new HardwareJob(false, false, "not run: " + why);
    }

    /** Runs the job on this host. */
    public static HardwareJob run() {
        QplLibrary lib = QplLibrary.get();
        if (!lib.isAvailable()) {
            return notRun("libqpl unavailable: " + lib.reason());
        }
        QplLibrary.HardwareProbe probe = lib.hardwareProbe();
        if (!probe.available()) {
            return notRun("qpl_init_job(hardware) returned " + probe.describe());
        }
        byte[] src = DataKind.FIO60.generate(BLOCK, 1);
        byte[] z = new byte[BLOCK];
        byte[] back = new byte[BLOCK];
        try (QplCodec c = new QplCodec(Options.of(QplPath.HARDWARE, Huffman.FIXED, Level.DEFAULT))) {
            int n = c.compress(src, 0, BLOCK, z, 0, BLOCK);
            if (n <= 0) {
                return new HardwareJob(true, false, "failed: a 4 KiB fio-60% block did not fit in 4 KiB");
            }
            c.decompress(z, 0, n, back, 0, BLOCK);
            return Arrays.equals(src, back)
                    ? new HardwareJob(true, true, "ok: " + BLOCK + " -> " + n + " bytes and back on " + c.info().path().label())
                    : new HardwareJob(true, false, "failed: the block came back different");
        } catch (RuntimeException e) {
            return new HardwareJob(true, false, "failed: " + e.getMessage());
        }
    }
}
