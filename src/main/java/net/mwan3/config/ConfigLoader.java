package net.mwan3.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The file-reading edge of the config package: reads {@code <dir>/mwan3} and, if present,
 * {@code <dir>/network}, and the schema files from the class path. Never throws for a bad file:
 * every problem comes back in the {@link ConfigResult}.
 */
public final class ConfigLoader {
    /** Config files larger than this are refused rather than parsed. */
    static final long MAX_FILE_BYTES = 4L << 20;

    private ConfigLoader() {
    }

    public static ConfigResult load(Path configDir) {
        Path mwan3File = configDir.resolve("mwan3");
        Path networkFile = configDir.resolve("network");
        List<ConfigProblem> problems = new ArrayList<>();
        UciPackage mwan3 = parseFile(mwan3File, true, problems);
        UciPackage network = Files.exists(networkFile) ? parseFile(networkFile, false, problems) : null;
        if (mwan3 == null) {
            return new ConfigResult(null, problems);
        }
        ConfigResult result = Mwan3ConfigReader.read(mwan3, schema("mwan3"), network, schema("network"));
        problems.addAll(result.problems());
        boolean errors = problems.stream().anyMatch(ConfigProblem::isError);
        return new ConfigResult(errors ? null : result.config(), problems);
    }

    /** Parses text that did not come from a file (tests, the control socket). */
    public static ConfigResult fromText(String name, String mwan3Text) {
        try {
            return Mwan3ConfigReader.read(UciParser.parse(name, mwan3Text), schema("mwan3"), null, schema("network"));
        } catch (UciParseException e) {
            return new ConfigResult(null, List.of(e.problem()));
        }
    }

    private static UciPackage parseFile(Path file, boolean required, List<ConfigProblem> problems) {
        String name = file.toString();
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                problems.add(ConfigProblem.at(Severity.ERROR, name, 0, 0, "file larger than " + MAX_FILE_BYTES
                        + " bytes; refused"));
                return null;
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return UciParser.parse(name, text);
        } catch (NoSuchFileException e) {
            if (required) {
                problems.add(ConfigProblem.at(Severity.ERROR, name, 0, 0, "no such file"));
            }
        } catch (CharacterCodingException e) {
            problems.add(ConfigProblem.at(Severity.ERROR, name, 0, 0, "not UTF-8 text"));
        } catch (IOException e) {
            problems.add(ConfigProblem.at(Severity.ERROR, name, 0, 0, "cannot read: " + e.getMessage()));
        } catch (UciParseException e) {
            problems.add(e.problem());
        }
        return null;
    }

    /**
     * The schema of a UCI package, from {@code uci-schema/<name>.schema} on the class path; every
     * package but mwan3 uses the pattern types mwan3.schema declares.
     */
    public static Schema schema(String packageName) {
        var inherited = packageName.equals("mwan3") ? java.util.Map.<String, OptionType>of() : schema("mwan3").types();
        String resource = "/uci-schema/" + packageName + ".schema";
        try (InputStream in = ConfigLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema " + resource + " missing from the class path");
            }
            return Schema.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), inherited);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
