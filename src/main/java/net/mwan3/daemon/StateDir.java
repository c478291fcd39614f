package net.mwan3.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * The state directory ({@code --state-dir}, default {@code /var/run/mwan3}): the control socket and
 * the ownership journal. Created 0700 with its permissions given at creation (no moment in which
 * it exists with wider ones); an existing one must be a real directory owned by the daemon's user
 * that nobody else can write, and is narrowed to 0700 (0710 and the control group's, when
 * {@code control_group} lets a group reach the socket). Anything else refuses the start: a socket in
 * a directory someone else controls could be replaced under us.
 */
final class StateDir {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private StateDir() {
    }

    /** Creates or checks {@code dir}; returns it. */
    static Path prepare(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory()) {
            throw new IOException("state directory " + dir + " is not a directory (or is a symbolic link)");
        }
        UserPrincipal me = self();
        if (!a.owner().equals(me)) {
            throw new IOException("state directory " + dir + " belongs to " + a.owner().getName() + ", not to "
                    + me.getName());
        }
        if (a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("state directory " + dir + " is writable by others ("
                    + PosixFilePermissions.toString(a.permissions()) + "); use a directory of its own");
        }
        Files.setPosixFilePermissions(dir, OWNER_ONLY);
        return dir;
    }

    /**
     * Lets {@code group} (null: nobody) through the directory to the socket: mode 0710 and that
     * group, or 0700.
     */
    static void admit(Path dir, GroupPrincipal group) throws IOException {
        if (group == null) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
            return;
        }
        Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(group);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x---"));
    }

    /** The daemon's own user. */
    static UserPrincipal self() throws IOException {
        return java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
    }
}
