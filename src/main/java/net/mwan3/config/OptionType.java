package net.mwan3.config;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import net.mwan3.model.AddressMatch;
import net.mwan3.model.IpAddress;
import net.mwan3.model.PortRange;
import net.mwan3.model.Protocol;

/**
 * The type of an option as written in a schema file, e.g. {@code range(1,100)},
 * {@code enum(ipv4,ipv6)}, {@code list(host)} or a named pattern type such as {@code device}, which
 * the schema declares with a {@code type} line. {@link #check} says why a value does not fit.
 *
 * @param args for {@link Kind#PATTERN}: the type's name, its regular expression and what it expects
 */
public record OptionType(Kind kind, List<String> args, OptionType element) {

    /** The closed set of value kinds the schema files may use. */
    public enum Kind { BOOL, UINTEGER, RANGE, SECONDS, ENUM, MASK, HOST, ADDRESSES, CIDR, PORTS, PROTO, REF,
        POLICY, HOSTPORT, STRING, REMOVED, LIST, PATTERN }

    private static final Set<String> TRUE = Set.of("1", "yes", "on", "true", "enabled");
    private static final Set<String> FALSE = Set.of("0", "no", "off", "false", "disabled");

    /** A type without named pattern types in scope. */
    public static OptionType parse(String text) {
        return parse(text, Map.of());
    }

    /** {@code named}: the pattern types declared so far, by name. */
    public static OptionType parse(String text, Map<String, OptionType> named) {
        int open = text.indexOf('(');
        String head = open < 0 ? text : text.substring(0, open);
        String inner = open < 0 ? "" : text.substring(open + 1, text.lastIndexOf(')'));
        if (open < 0 && named.containsKey(head)) {
            return named.get(head);
        }
        Kind kind = Kind.valueOf(head.toUpperCase(Locale.ROOT));
        if (kind == Kind.LIST) {
            return new OptionType(kind, List.of(), parse(inner, named));
        }
        if (kind == Kind.PATTERN) {
            throw new IllegalArgumentException("a pattern type is declared with a 'type' line and used by its name");
        }
        List<String> args = inner.isEmpty() ? List.of() : Arrays.asList(inner.split(","));
        return new OptionType(kind, List.copyOf(args), null);
    }

    /**
     * A named pattern type: a value fits when {@code regex} matches all of it. {@code expects} completes
     * "expected ..." in messages.
     */
    public static OptionType pattern(String name, String regex, String expects) {
        Pattern.compile(regex); // fails here, at schema load, rather than on the first value
        return new OptionType(Kind.PATTERN, List.of(name, regex, expects), null);
    }

    public boolean isList() {
        return kind == Kind.LIST;
    }

    /** The element type of a list, or this type. */
    public OptionType scalar() {
        return isList() ? element : this;
    }

    public static boolean parseBool(String value) {
        return TRUE.contains(value.toLowerCase(Locale.ROOT));
    }

    /** Null when {@code value} fits this (scalar) type, else what was expected. */
    public String check(String value) {
        OptionType t = scalar();
        switch (t.kind) {
            case BOOL:
                String v = value.toLowerCase(Locale.ROOT);
                return TRUE.contains(v) || FALSE.contains(v) ? null : "expected a boolean (1/0, yes/no, on/off, true/false)";
            case UINTEGER:
                return parseLong(value) != null ? null : "expected a whole number >= 0";
            case RANGE:
                Long n = parseLong(value);
                long lo = Long.parseLong(t.args.get(0));
                long hi = Long.parseLong(t.args.get(1));
                return n != null && n >= lo && n <= hi ? null : "expected a whole number from " + lo + " to " + hi;
            case SECONDS:
                return checkSeconds(t, value);
            case ENUM:
                return t.args.contains(value) ? null : "expected one of " + String.join(", ", t.args);
            case MASK:
                Long m = parseHex(value);
                return m != null && m > 0 && m <= 0xFFFF_FFFFL ? null : "expected a non-zero 32-bit hex mask such as 0x3F00";
            case HOST:
                return IpAddress.parse(value).isPresent() || isHostname(value) ? null : "expected an IP address or host name";
            case ADDRESSES:
                for (String part : value.split(",")) {
                    if (AddressMatch.parse(part.trim()).isEmpty()) {
                        return "expected an address, address/prefix or address/dotted-mask (comma-separated)";
                    }
                }
                return null;
            case CIDR:
                int slash = value.indexOf('/');
                return slash > 0 && AddressMatch.parse(value).isPresent() ? null : "expected address/prefix, e.g. 10.8.0.1/30";
            case PORTS:
                return PortRange.parseList(value).isPresent() ? null : "expected a port, a list 80,443 or a range 1000:2000";
            case PROTO:
                return Protocol.isValid(value) ? null : "expected a protocol name (tcp, udp, icmp, ...), number or 'all'";
            case HOSTPORT:
                return isHostPort(value) ? null : "expected host:port (IPv6 as [addr]:port)";
            case PATTERN:
                return Pattern.matches(t.args.get(1), value) ? null : "expected " + t.args.get(2);
            case REF, POLICY, STRING, REMOVED:
                return value.isEmpty() && t.kind != Kind.STRING ? "expected a name" : null;
            default:
                throw new IllegalStateException(t.kind.toString());
        }
    }

    private static String checkSeconds(OptionType t, String value) {
        BigDecimal lo = new BigDecimal(t.args.get(0));
        BigDecimal hi = new BigDecimal(t.args.get(1));
        try {
            if (!value.matches("[0-9]+(\\.[0-9]{1,3})?")) {
                return "expected seconds, whole or decimal (e.g. 5 or 0.2)";
            }
            BigDecimal s = new BigDecimal(value);
            return s.compareTo(lo) >= 0 && s.compareTo(hi) <= 0 ? null
                    : "expected seconds from " + lo.toPlainString() + " to " + hi.toPlainString();
        } catch (NumberFormatException e) {
            return "expected seconds, whole or decimal (e.g. 5 or 0.2)";
        }
    }

    static Long parseLong(String value) {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Long.parseLong(value);
    }

    static Long parseHex(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.startsWith("0x")) {
            v = v.substring(2);
        }
        if (v.isEmpty() || v.length() > 8 || !v.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return null;
        }
        return Long.parseLong(v, 16);
    }

    static boolean isHostname(String value) {
        if (value.isEmpty() || value.length() > 253) {
            return false;
        }
        for (String label : value.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                    || !label.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-')) {
                return false;
            }
        }
        return true;
    }

    static boolean isHostPort(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            return false;
        }
        String host = value.substring(0, colon);
        Long port = parseLong(value.substring(colon + 1));
        if (port == null || port < 1 || port > 65535) {
            return false;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            return IpAddress.parse(host.substring(1, host.length() - 1)).isPresent();
        }
        return IpAddress.parse(host).isPresent() || isHostname(host);
    }

    @Override
    public String toString() {
        if (isList()) {
            return "list(" + element + ")";
        }
        if (kind == Kind.PATTERN) {
            return args.get(0);
        }
        String name = kind.name().toLowerCase(Locale.ROOT);
        return args.isEmpty() ? name : name + "(" + String.join(",", args) + ")";
    }
}
