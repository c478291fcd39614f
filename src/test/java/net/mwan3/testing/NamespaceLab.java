package net.mwan3.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import net.mwan3.lab.Topology;

/**
 * A namespace topology and a scratch directory for one test class, removed together: what the
 * daemon ITs build in {@code @BeforeAll} and drop in {@code @AfterAll}.
 */
public final class NamespaceLab implements AutoCloseable {
    private final Topology topology;
    private final Path work;

    private NamespaceLab(Topology topology, Path work) {
        this.topology = topology;
        this.work = work;
    }

    /** Skips (or, with -Dmwan3.netns=required, fails) without namespaces; {@code tag}: lower-case letters. */
    public static NamespaceLab open(String tag, int wans) throws IOException {
        NetnsSupport.assumeAvailable();
        Path work = Files.createTempDirectory("mwan3-" + tag);
        return new NamespaceLab(Topology.build(tag, wans), work);
    }

    public Topology topology() {
        return topology;
    }

    /** A fresh directory under the scratch directory (mode 0700). */
    public Path newDir(String prefix) throws IOException {
        return Files.createTempDirectory(work, prefix);
    }

    public Path work() {
        return work;
    }

    @Override
    public void close() throws IOException {
        topology.close();
        NetnsSupport.deleteTree(work);
    }
}
