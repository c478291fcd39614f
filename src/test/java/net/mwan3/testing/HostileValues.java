package net.mwan3.testing;

import java.util.List;

/**
 * Values an attacker who can edit UCI (LuCI is a web page) would try in a name that reaches nft,
 * ip, a shell or a file: quotes, nft and shell syntax, control characters UCI lets through inside
 * quotes, non-ASCII, too long, blank. Each must be refused by {@code mwan3 check}, {@code reload} and
 * start, and none may reach the kernel.
 */
public final class HostileValues {
    public static final List<String> NAMES = List.of(
            "x\" accept #",
            "tun0\";x",
            "eth1;reboot",
            "eth1}",
            "{eth1",
            "eth1 accept",
            "eth#1",
            "eth1\r",
            "eth1\tx",
            "eth1\u001b[2J",
            "eth\u00e91",
            "eth\u2018",
            "abcdefghijklmnop",
            "a".repeat(70),
            "$(reboot)",
            "`id`",
            "eth1'x",
            "a\\b",
            "a,b",
            "a/b",
            ".",
            "..",
            " ",
            "");

    private HostileValues() {
    }

    /** {@code value} as one UCI word: double-quoted, with '"' and '\' escaped as uci reads them. */
    public static String uci(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
