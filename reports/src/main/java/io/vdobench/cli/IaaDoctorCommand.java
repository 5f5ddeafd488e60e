package io.vdobench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vdobench.ffm.iaa.HostRecording;
import io.vdobench.ffm.iaa.IaaDevice;
import io.vdobench.ffm.iaa.IaaFinding;
import io.vdobench.ffm.iaa.IaaHost;
import io.vdobench.ffm.iaa.IaaHostReader;
import io.vdobench.ffm.iaa.IaaWorkQueue;
import io.vdobench.ffm.qpl.IaaSetup;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vdobench iaa-doctor}: how IAA is set up on this host (or a recorded one), what keeps libqpl's hardware
 * path from running or from running at full speed, the commands that fix each problem, and one hardware job.
 * The rules are {@link io.vdobench.ffm.iaa.IaaDoctor}'s; the facts are the ones every run records.
 */
@Command(name = "iaa-doctor", mixinStandardHelpOptions = true,
        description = {"Check this host's IAA set-up for libqpl's hardware path: CPU, /sys/bus/dsa devices, engines, "
                + "work queues, idxd and iaa_crypto, IOMMU/PASID, CAP_SYS_RAWIO, libaccel-config and libqpl; print each "
                + "problem with the commands that fix it, then run one hardware job."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:a hardware job ran and round-tripped (with --recording/--root: nothing blocks)",
                "1:the hardware path is unavailable (the blocker is printed)", "2:usage error or unreadable input"})
public final class IaaDoctorCommand implements Callable<Integer> {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--json", description = "Print {facts, findings, hardware_job, hardware_path} as JSON "
            + "(facts are the iaa.* keys of environment.properties).")
    boolean json;

    @Option(names = "--record", paramLabel = "FILE", description = "Write this host's IAA-relevant sysfs/procfs "
            + "files as a recording (to attach to a bug report, or replay with --recording) and exit.")
    Path record;

    @Option(names = "--recording", paramLabel = "FILE", description = "Diagnose a recorded host instead of this one "
            + "(no hardware job: the job would run here).")
    Path recording;

    @Option(names = "--root", paramLabel = "DIR", description = "Diagnose the host tree under DIR (with sys/, proc/, "
            + "dev/) instead of /; no hardware job.")
    Path root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (Stream.of(record, recording, root).filter(p -> p != null).count() > 1) {
            err.println("iaa-doctor: give at most one of --record, --recording, --root");
            return CommandLine.ExitCode.USAGE;
        }
        if (recording != null && !java.nio.file.Files.isRegularFile(recording)) {
            throw UsageException.badValue("--recording", recording, "a recorded host file (iaa-doctor --record FILE)");
        }
        if (root != null && !java.nio.file.Files.isDirectory(root)) {
            throw UsageException.badValue("--root", root, "a directory holding sys/ and proc/");
        }
        if (record != null) {
            List<String> lines = HostRecording.record(Path.of("/"));
            Files.write(record, lines, StandardCharsets.UTF_8);
            err.printf("iaa-doctor: wrote %d lines to %s%n", lines.size(), record);
            return CommandLine.ExitCode.OK;
        }
        IaaSetup setup;
        String source;
        if (recording != null) {
            try {
                setup = fromRecording(recording);
            } catch (HostRecording.BadRecordingException e) {
                err.println("iaa-doctor: " + recording + ": " + e.getMessage());
                return CommandLine.ExitCode.USAGE;
            }
            if (setup == null) {
                err.println("iaa-doctor: cannot read recording " + recording);
                return CommandLine.ExitCode.USAGE;
            }
            source = "recording " + recording;
        } else if (root != null) {
            if (!Files.isDirectory(root)) {
                err.println("iaa-doctor: not a directory: " + root);
                return CommandLine.ExitCode.USAGE;
            }
            setup = IaaSetup.recorded(IaaHostReader.read(root));
            source = root.toString();
        } else {
            setup = IaaSetup.thisHost(true);
            source = "this host";
        }
        if (json) {
            out.println(MAPPER.writeValueAsString(toJson(setup, source)));
        } else {
            print(setup, source, out);
        }
        out.flush();
        boolean usable = recording != null || root != null ? setup.blocker().isEmpty() : setup.hardwarePathUsable();
        return usable ? CommandLine.ExitCode.OK : 1;
    }

    private static IaaSetup fromRecording(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            return null;
        }
        Path tmp = Files.createTempDirectory("vdobench-iaa-host");
        try {
            HostRecording.materialize(Files.readAllLines(file, StandardCharsets.UTF_8), tmp);
            return IaaSetup.recorded(IaaHostReader.read(tmp));
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void print(IaaSetup s, String source, PrintWriter out) {
        IaaHost h = s.host();
        out.println("IAA set-up of " + source + ":");
        List<String[]> t = new java.util.ArrayList<>();
        Map<String, String> facts = s.facts();
        t.add(row("  CPU", (h.cpu().model().isEmpty() ? "unknown" : h.cpu().model()) + " (" + facts.get("iaa.cpu.vendor")
                + "), flags: " + facts.get("iaa.cpu.flags")));
        t.add(row("  kernel", facts.get("iaa.kernel")));
        t.add(row("  IOMMU", facts.get("iaa.iommu")));
        t.add(row("  idxd", facts.get("iaa.idxd")));
        t.add(row("  iaa_crypto", facts.get("iaa.crypto") + (h.iaaCrypto().loaded() ? ", sync_mode="
                + facts.get("iaa.crypto.sync_mode") + ", verify_compress=" + facts.get("iaa.crypto.verify_compress") : "")));
        t.add(row("  CAP_SYS_RAWIO", facts.get("iaa.cap_sys_rawio")));
        if (facts.containsKey("iaa.libaccel_config")) {
            t.add(row("  libaccel-config", facts.get("iaa.libaccel_config")));
        }
        if (facts.containsKey("iaa.libqpl")) {
            t.add(row("  libqpl", facts.get("iaa.libqpl")));
        }
        t.add(row("  IAA devices", facts.get("iaa.devices")));
        for (IaaDevice d : h.devices()) {
            t.add(row("  " + d.name(), d.generation() + ", " + (d.state().isEmpty() ? "state unknown" : d.state())
                    + ", PASID " + (d.pasidEnabled() ? "on" : "off") + ", engines " + d.engineGroups()));
            for (IaaWorkQueue w : d.workQueues()) {
                if (w.size() > 0 || w.enabled()) {
                    t.add(row("    " + w.name(), w.describe().substring(w.name().length() + 2) + ", group " + w.groupId()
                            + (w.devNode().isEmpty() ? "" : ", " + w.devNode() + (w.devNodeWritable() ? "" : " (no access)"))));
                }
            }
        }
        int width = t.stream().mapToInt(r -> r[0].length()).max().orElse(0) + 2;
        for (String[] r : t) {
            out.println(r[0] + " ".repeat(width - r[0].length()) + r[1]);
        }
        out.println();
        if (s.findings().isEmpty()) {
            out.println("No problems found.");
        }
        for (IaaFinding f : s.findings()) {
            out.println(f.severity() + "  " + f.subject() + ": " + f.problem());
            if (f.fix().isEmpty() && f.severity() != IaaFinding.Severity.NOTE) {
                out.println("    (no command fixes this)");
            }
            for (String c : f.fix()) {
                out.println(c.startsWith("#") ? "    " + c : "    $ " + c);
            }
        }
        out.println();
        out.println("Hardware job: " + s.job().status());
        if (!s.hardwarePathUsable()) {
            String b = s.blocker();
            out.println("Hardware path: unavailable" + (b.isEmpty() ? "" : ": " + b));
        } else {
            out.println("Hardware path: usable");
        }
    }

    private static String[] row(String name, String value) {
        return new String[] {name, value};
    }

    static ObjectNode toJson(IaaSetup s, String source) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("source", source);
        ObjectNode facts = o.putObject("facts");
        s.facts().forEach(facts::put);
        ArrayNode fs = o.putArray("findings");
        for (IaaFinding f : s.findings()) {
            ObjectNode n = fs.addObject();
            n.put("severity", f.severity().name().toLowerCase(java.util.Locale.ROOT));
            n.put("subject", f.subject());
            n.put("problem", f.problem());
            f.fix().forEach(n.putArray("fix")::add);
        }
        ObjectNode job = o.putObject("hardware_job");
        job.put("ran", s.job().ran());
        job.put("passed", s.job().passed());
        job.put("status", s.job().status());
        o.put("hardware_path", s.hardwarePathUsable() ? "usable" : "unavailable");
        o.put("blocker", s.blocker());
        return o;
    }
}
