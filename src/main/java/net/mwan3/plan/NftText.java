package net.mwan3.plan;

/**
 * The desired table as one {@code nft -f} block: what {@code mwan3 internal} and dry runs print,
 * and what loads the table from scratch. Elements of KEEP and EMPTY sets are not part of the plan.
 */
public final class NftText {

    private NftText() {
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
