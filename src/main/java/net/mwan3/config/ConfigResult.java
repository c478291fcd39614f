package net.mwan3.config;

import java.util.List;

/** The outcome of reading a config: the config (null when there were errors) and every problem. */
public record ConfigResult(Mwan3Config config, List<ConfigProblem> problems) {

    public ConfigResult {
        problems = List.copyOf(problems);
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(ConfigProblem::isError);
    }

    public List<ConfigProblem> errors() {
        return problems.stream().filter(ConfigProblem::isError).toList();
    }
}
