package net.mwan3.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Arrays;

import jdk.net.UnixDomainPrincipal;

/**
 * Who may use the control socket, judged from the peer's credentials (SO_PEERCRED, which the JDK
 * reads for Unix-domain channels): root, the daemon's own user, and, when globals {@code
 * control_group} names a group, its members (primary group, or listed in {@code /etc/group}, the
 * way OpenWrt and Debian keep supplementary groups). The file modes keep everyone else from even
 * connecting; this check holds when a mode is wrong, and is what a member of the group meets.
 */
record ControlAccess(UserPrincipal root, UserPrincipal self, GroupPrincipal group, String groupName, Path groupFile) {

    static final Path ETC_GROUP = Path.of("/etc/group");

    /** Root and the daemon's user; with {@code groupName} (null: none) that group's members too. */
    static ControlAccess of(String groupName) throws IOException {
        UserPrincipalLookupService lookup = java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService();
        GroupPrincipal group = groupName == null ? null : lookup.lookupPrincipalByGroupName(groupName);
        return new ControlAccess(lookup.lookupPrincipalByName("root"), StateDir.self(), group, groupName, ETC_GROUP);
    }

    boolean allows(UnixDomainPrincipal peer) {
        if (peer.user().equals(root) || peer.user().equals(self)) {
            return true;
        }
        return group != null && (peer.group().equals(group) || listedMember(peer.user().getName()));
    }

    /** Whether {@code user} is listed as a member of the group in the group file ({@code name:x:gid:a,b}). */
    private boolean listedMember(String user) {
        try {
            for (String line : Files.readAllLines(groupFile, StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length == 4 && f[0].equals(groupName) && Arrays.asList(f[3].split(",")).contains(user)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Who is allowed, for the refusal message. */
    String describe() {
        return group == null ? "root only" : "root and members of group " + groupName;
    }
}
