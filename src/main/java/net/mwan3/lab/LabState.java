package net.mwan3.lab;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The small file a running lab leaves under {@link #DIR} so that {@code mwan3 lab fault} in another
 * shell can find its namespaces, and people find its control socket.
 */
public record LabState(String prefix, long pid, String router, String lan, List<String> isps, Path stateDir) {
    public static final Path DIR = Path.of("/run/mwan3-lab");

    public Path file() {
        return DIR.resolve(prefix.replace("-", "") + ".properties");
    }

    public void write() throws IOException {
        Properties p = new Properties();
        p.setProperty("prefix", prefix);
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("router", router);
        p.setProperty("lan", lan);
        p.setProperty("isps", String.join(" ", isps));
        p.setProperty("state_dir", stateDir.toString());
        Files.createDirectories(DIR);
        try (Writer w = Files.newBufferedWriter(file())) {
            p.store(w, "mwan3 lab; removed when the lab ends");
        }
    }

    public void delete() throws IOException {
        Files.deleteIfExists(file());
    }

    static LabState read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return new LabState(p.getProperty("prefix"), Long.parseLong(p.getProperty("pid", "0")),
                p.getProperty("router"), p.getProperty("lan"), List.of(p.getProperty("isps", "").split(" ")),
                Path.of(p.getProperty("state_dir", "")));
    }

    /** Labs whose process is still alive. */
    public static List<LabState> running() throws IOException {
        List<LabState> out = new ArrayList<>();
        if (!Files.isDirectory(DIR)) {
            return out;
        }
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".properties")).toList()) {
                LabState s = read(f);
                if (ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                    out.add(s);
                }
            }
        }
        out.sort(Comparator.comparing(LabState::prefix));
        return out;
    }
}
