package net.mwan3.config;

/**
 * One problem found in a config file. Where a field is unknown it is 0 or null; {@link #toString()}
 * prints the compiler-style line users and editors understand:
 * {@code /etc/config/mwan3:12:5: error: member 'wan_m1': metric: '300' ...}.
 */
public record ConfigProblem(Severity severity, String file, int line, int column, String section,
                            String option, String message) {

    public static ConfigProblem at(Severity severity, String file, int line, int column, String message) {
        return new ConfigProblem(severity, file, line, column, null, null, message);
    }

    /**
     * A value as a message quotes it: control characters (a terminal escape in a hostile value) are
     * shown as {@code \\uXXXX}, so printing the problem cannot act on the reader's terminal.
     */
    public static String shown(String value) {
        StringBuilder sb = new StringBuilder();
        for (char c : value.toCharArray()) {
            sb.append(c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0 ? String.format("\\u%04x", (int) c)
                    : String.valueOf(c));
        }
        return sb.toString();
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file == null ? "<config>" : file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ").append(severity).append(": ");
        if (section != null) {
            sb.append(section);
            sb.append(option != null ? ", option '" + option + "'" : "");
            sb.append(": ");
        }
        return sb.append(message).toString();
    }
}
