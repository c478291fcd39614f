package net.mwan3.plan;

/**
 * The desired table as one {@code nft -f} block: what {@code mwan3 internal} and dry runs print,
 * and what loads the table from scratch. Elements of KEEP and EMPTY sets are not part of the plan.
 */
public final class NftText {

    private NftText() {
    }

    /**
     * A string for the nft script, in double quotes: the one way the planner writes a name (device,
     * comment, log prefix, cgroup path) into nft's language. nft strings have no escapes, so anything
     * beyond letters, digits, space and {@code . _ - : / ( ) @ [ ]} is refused rather than quoted:
     * the config's validation should have refused it already, and a planning error is better than an
     * nft script an attacker's value helped write.
     *
     * @throws IllegalArgumentException for a value that cannot be quoted safely
     */
    public static String quote(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || " ._-:/()@[]".indexOf(c) >= 0;
            if (!ok) {
                throw new IllegalArgumentException("refusing to write " + printable(value) + " into an nft script: "
                        + "character " + printable(String.valueOf(c)) + " cannot be quoted safely");
            }
        }
        return "\"" + value + "\"";
    }

    /** The value with anything outside printable ASCII shown as {@code \\uXXXX}, for messages. */
    private static String printable(String value) {
        StringBuilder sb = new StringBuilder("'");
        for (char c : value.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return sb.append('\'').toString();
    }

    public static String table(NftTable table) {
        StringBuilder sb = new StringBuilder("table " + NftTable.FAMILY + " " + NftTable.NAME + " {\n");
        for (NftSet s : table.sets()) {
            sb.append(set(s, "\t"));
        }
        for (NftChain c : table.chains()) {
            sb.append(chain(c, "\t"));
        }
        return sb.append("}\n").toString();
    }

    /** A set declaration with its owned elements, indented by {@code indent}. */
    public static String set(NftSet s, String indent) {
        StringBuilder sb = new StringBuilder(indent + "set " + s.name() + " {\n");
        sb.append(indent).append('\t').append(s.spec()).append('\n');
        if (s.policy() == NftSet.Elements.OWNED && !s.elements().isEmpty()) {
            sb.append(indent).append("\telements = { ").append(String.join(", ", s.elements())).append(" }\n");
        }
        return sb.append(indent).append("}\n").toString();
    }

    /** A chain declaration with its rules, indented by {@code indent}. */
    public static String chain(NftChain c, String indent) {
        StringBuilder sb = new StringBuilder(indent + "chain " + c.name() + " {\n");
        if (c.base() != null) {
            sb.append(indent).append('\t').append(c.base()).append('\n');
        }
        for (String r : c.rules()) {
            sb.append(indent).append('\t').append(r).append('\n');
        }
        return sb.append(indent).append("}\n").toString();
    }
}
