package net.mwan3.config;

/** The only exception the UCI parser throws: the file is not valid UCI syntax at {@link #problem()}. */
public final class UciParseException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient ConfigProblem problem;

    public UciParseException(ConfigProblem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    public ConfigProblem problem() {
        return problem;
    }
}
