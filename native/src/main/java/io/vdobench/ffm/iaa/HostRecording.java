package io.vdobench.ffm.iaa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A host's IAA-relevant files as one text file, so a real IAA host's set-up can be recorded
 * ({@code vdobench iaa-doctor --record FILE}) and replayed anywhere ({@code --recording FILE}, and the tests'
 * fixtures). Format, one entry per line, paths relative to the root, {@code #} comments:
 * <pre>
 * sys/bus/dsa/devices/iax1/state: enabled       a file whose content is the text after ": "
 * proc/cpuinfo: flags : fpu ... enqcmd           repeated paths add lines to the same file
 * dev/iax/wq1.1:                                 an empty file
 * sys/bus/dsa/devices/wq1.1/driver -&gt; user       a symbolic link (only its name is read)
 * sys/module/idxd/                               a directory
 * </pre>
 * Recording reads only what {@link IaaHostReader} reads, and of {@code proc/self/status} only the {@code Cap*}
 * lines, of {@code proc/cpuinfo} only the first CPU's vendor, model and flags.
 */
public final class HostRecording {
    static final String HEADER = "# vdobench IAA host recording 1 (vdobench iaa-doctor --record)";
    private static final String[] CPU_KEYS = {"vendor_id", "model name", "flags"};

    private HostRecording() {
    }

    /** Thrown for a recording that is not one: says which line and why. */
    public static final class BadRecordingException extends RuntimeException {
        public BadRecordingException(String message) {
            super(message);
        }
    }

    /** Recreates the recorded tree under {@code root} (an empty directory). */
    public static void materialize(List<String> recording, Path root) {
        Map<String, StringBuilder> files = new LinkedHashMap<>();
        Map<String, String> links = new LinkedHashMap<>();
        List<String> dirs = new ArrayList<>();
        int n = 0;
        for (String line : recording) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.endsWith("/") && line.indexOf(':') < 0 && !line.contains(" -> ")) {
                dirs.add(checkPath(line.substring(0, line.length() - 1), n));
                continue;
            }
            int arrow = line.indexOf(" -> ");
            int colon = line.indexOf(':');
            if (arrow > 0 && (colon < 0 || arrow < colon)) {
                links.put(checkPath(line.substring(0, arrow), n), line.substring(arrow + 4).strip());
            } else if (colon > 0) {
                String value = line.substring(colon + 1);
                files.computeIfAbsent(checkPath(line.substring(0, colon), n), k -> new StringBuilder())
                        .append(value.startsWith(" ") ? value.substring(1) : value).append('\n');
            } else {
                throw new BadRecordingException("line " + n + ": expected 'path: value' or 'path -> target', got: " + line);
            }
        }
        try {
            for (String d : dirs) {
                Files.createDirectories(root.resolve(d));
            }
            for (Map.Entry<String, StringBuilder> f : files.entrySet()) {
                Path p = root.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                String content = f.getValue().toString();
                Files.writeString(p, content.equals("\n") ? "" : content, StandardCharsets.UTF_8);
            }
            for (Map.Entry<String, String> l : links.entrySet()) {
                Path p = root.resolve(l.getKey());
                Files.createDirectories(p.getParent());
                Files.createSymbolicLink(p, Path.of("../../drivers").resolve(l.getValue()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recreate the recorded host under " + root, e);
        }
    }

    private static String checkPath(String path, int line) {
        String p = path.strip();
        if (p.isEmpty() || p.startsWith("/") || List.of(p.split("/")).contains("..")) {
            throw new BadRecordingException("line " + line + ": path must be relative and stay inside the root: " + path);
        }
        return p;
    }

    /** Records what {@link IaaHostReader} would read under {@code root} (normally {@code /}). */
    public static List<String> record(Path root) {
        List<String> out = new ArrayList<>();
        out.add(HEADER);
        cpuinfo(root, out);
        file(root, "proc/sys/kernel/osrelease", out);
        file(root, "proc/cmdline", out);
        for (String line : SysFiles.lines(root.resolve("proc/self/status"))) {
            if (line.startsWith("Cap")) {
                out.add("proc/self/status: " + line);
            }
        }
        for (String dir : List.of("sys/module/idxd", "sys/module/iaa_crypto", "sys/bus/dsa")) {
            if (Files.isDirectory(root.resolve(dir))) {
                out.add(dir + "/");
            }
        }
        file(root, "sys/module/idxd/parameters/sva", out);
        file(root, "sys/bus/dsa/drivers/crypto/sync_mode", out);
        file(root, "sys/bus/dsa/drivers/crypto/verify_compress", out);
        if (Files.isDirectory(root.resolve("sys/class/iommu"))) {
            out.add("sys/class/iommu/");
        }
        for (Path unit : SysFiles.list(root.resolve("sys/class/iommu"))) {
            out.add("sys/class/iommu/" + unit.getFileName() + "/");
        }
        for (Path dev : SysFiles.list(root.resolve("sys/bus/dsa/devices"))) {
            String name = dev.getFileName().toString();
            if (!name.matches("(iax|wq|engine)\\d+(\\.\\d+)?")) {
                continue; // dsa<n> (the other accelerator) and group<n>.<m> are not read
            }
            for (Path attr : SysFiles.list(dev)) {
                String rel = "sys/bus/dsa/devices/" + name + "/" + attr.getFileName();
                if (attr.getFileName().toString().equals("driver") && Files.isSymbolicLink(attr)) {
                    try {
                        out.add(rel + " -> " + Files.readSymbolicLink(attr).getFileName());
                    } catch (IOException e) {
                        // unreadable link: leave it out, as the reader would
                    }
                } else if (Files.isRegularFile(attr) && !Files.isSymbolicLink(attr)) {
                    file(root, rel, out);
                }
            }
        }
        for (Path node : SysFiles.list(root.resolve("dev/iax"))) {
            out.add("dev/iax/" + node.getFileName() + ":");
        }
        return out;
    }

    private static void cpuinfo(Path root, List<String> out) {
        for (String line : SysFiles.lines(root.resolve("proc/cpuinfo"))) {
            if (line.isBlank()) {
                break;
            }
            for (String k : CPU_KEYS) {
                if (line.startsWith(k) && line.substring(k.length()).strip().startsWith(":")) {
                    out.add("proc/cpuinfo: " + line);
                }
            }
        }
    }

    private static void file(Path root, String rel, List<String> out) {
        for (String line : SysFiles.lines(root.resolve(rel))) {
            out.add(rel + ": " + line);
        }
    }


}
