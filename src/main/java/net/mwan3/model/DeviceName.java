package net.mwan3.model;

import java.util.regex.Pattern;

/**
 * A Linux interface name as mwan3 accepts one: the schema's {@code device} type (1 to 15 letters,
 * digits, '.', '_' or '-', not "." or ".."). Names that reach nft, ip rules or a shell from
 * somewhere other than the config (netifd over ubus, the kernel, a journal) are checked with the
 * same rule, so a hostile name is treated as no device instead of failing a whole plan.
 */
public final class DeviceName {
    /** The pattern, the same as {@code uci-schema/mwan3.schema}'s {@code device} type (DeviceNameTest). */
    public static final String REGEX = "(?!\\.\\.?$)[A-Za-z0-9._-]{1,15}";
    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private DeviceName() {
    }

    public static boolean valid(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }
}
