package net.mwan3.track;

import static net.mwan3.track.TrackFixtures.FAILURE;
import static net.mwan3.track.TrackFixtures.INTERVAL;
import static net.mwan3.track.TrackFixtures.RECOVERY;
import static net.mwan3.track.TrackFixtures.T0;
import static net.mwan3.track.TrackEvent.CONNECTED;
import static net.mwan3.track.TrackEvent.CONNECTING;
import static net.mwan3.track.TrackEvent.DISCONNECTED;
import static net.mwan3.track.TrackEvent.DISCONNECTING;
import static net.mwan3.track.TrackerState.OFFLINE;
import static net.mwan3.track.TrackerState.ONLINE;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import net.mwan3.config.InitialState;

/**
 * Every row of the reference's §5.4 score table. Each case starts from firstconnect, plays a prefix of good
 * ({@code +}) and bad ({@code -}, one lost target each) rounds, then checks the effect of one more round.
 */
class ScoreTableTest {

    record Row(String name, int up, int down, boolean keep, InitialState initial, String prefix, char round,
               int score, TrackerState state, List<TrackEvent> events, Duration sleep, int lost, int turn) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final TrackerState CONN = TrackerState.CONNECTING;
    private static final TrackerState DISC = TrackerState.DISCONNECTING;
    private static final InitialState ON = InitialState.ONLINE;
    private static final InitialState OFF = InitialState.OFFLINE;

    static Stream<Row> rows() {
        return Stream.of(
            // down round: score--, then score > U: disconnecting (event on entering), failure_interval
            new Row("down, score>U, enters disconnecting", 3, 3, false, ON, "", '-', 5, DISC,
                    List.of(DISCONNECTING), FAILURE, 1, 1),
            new Row("down, score>U, already disconnecting", 3, 3, false, ON, "-", '-', 4, DISC,
                    List.of(), FAILURE, 2, 2),
            // down round, score == U: disconnected, score 0, failure_interval
            new Row("down, score==U, disconnected", 3, 3, false, ON, "--", '-', 0, OFFLINE,
                    List.of(DISCONNECTED), FAILURE, 3, 3),
            new Row("down, score==U at once (down=1)", 3, 1, false, ON, "", '-', 0, OFFLINE,
                    List.of(DISCONNECTING, DISCONNECTED), FAILURE, 1, 1),
            new Row("down, score==U at once (up=1, down=1)", 1, 1, false, ON, "", '-', 0, OFFLINE,
                    List.of(DISCONNECTING, DISCONNECTED), FAILURE, 1, 1),
            // down round, score < U: clamp to 0, interval (failure_interval with keep_failure_interval)
            new Row("down, score<U, offline", 3, 3, false, OFF, "", '-', 0, OFFLINE,
                    List.of(), INTERVAL, 1, 1),
            new Row("down, score<U, offline, keep_failure_interval", 3, 3, true, OFF, "", '-', 0, OFFLINE,
                    List.of(), FAILURE, 1, 1),
            new Row("down, score<U, after disconnected", 3, 3, false, ON, "---", '-', 0, OFFLINE,
                    List.of(), INTERVAL, 4, 4),
            new Row("down, score<U, connecting restarts recovery", 3, 3, false, OFF, "++", '-', 0, OFFLINE,
                    List.of(), INTERVAL, 1, 3),
            new Row("down, score<U, connecting, keep_failure_interval", 3, 3, true, OFF, "+", '-', 0, OFFLINE,
                    List.of(), FAILURE, 1, 2),
            // up round: score++, lost := 0, then score < U: connecting (event on entering), recovery_interval
            new Row("up, score<U, enters connecting", 3, 3, false, OFF, "", '+', 1, CONN,
                    List.of(CONNECTING), RECOVERY, 0, 1),
            new Row("up, score<U, already connecting", 3, 3, false, OFF, "+", '+', 2, CONN,
                    List.of(), RECOVERY, 0, 2),
            new Row("up, score<U after disconnected, lost reset", 3, 3, false, ON, "---", '+', 1, CONN,
                    List.of(CONNECTING), RECOVERY, 0, 4),
            // up round, score == U: connected, score U+D, lost and turn reset, recovery_interval
            new Row("up, score==U, connected", 3, 3, false, OFF, "++", '+', 6, ONLINE,
                    List.of(CONNECTED), RECOVERY, 0, 1),
            new Row("up, score==U at once (up=1)", 1, 3, false, OFF, "", '+', 4, ONLINE,
                    List.of(CONNECTING, CONNECTED), RECOVERY, 0, 1),
            new Row("up, score==U at once (up=1, down=1)", 1, 1, false, OFF, "", '+', 2, ONLINE,
                    List.of(CONNECTING, CONNECTED), RECOVERY, 0, 1),
            // up round, score > U: online, score U+D, interval
            new Row("up, score>U, healthy", 3, 3, false, ON, "", '+', 6, ONLINE,
                    List.of(), INTERVAL, 0, 1),
            new Row("up, score>U, degraded resets full health", 3, 3, false, ON, "--", '+', 6, ONLINE,
                    List.of(), INTERVAL, 0, 3),
            new Row("up, score>U, keep_failure_interval irrelevant", 3, 3, true, ON, "-", '+', 6, ONLINE,
                    List.of(), INTERVAL, 0, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void row(Row row) {
        ScoreMachine m = new ScoreMachine(TrackFixtures.tracking(row.up(), row.down(), row.keep()), row.initial());
        m.firstConnect(T0);
        for (char c : row.prefix().toCharArray()) {
            m.onRound(verdict(c), T0);
        }
        TrackStep step = m.onRound(verdict(row.round()), T0.plusSeconds(60));
        TrackerSnapshot s = m.snapshot();
        assertAll(row.name(),
            () -> assertEquals(row.score(), step.score(), "score"),
            () -> assertEquals(row.state(), step.state(), "state"),
            () -> assertEquals(row.events(), step.events(), "events"),
            () -> assertEquals(Optional.of(row.sleep()), step.sleep(), "sleep"),
            () -> assertEquals(row.lost(), s.lost(), "lost"),
            () -> assertEquals(row.turn(), s.turn(), "turn"),
            () -> assertEquals(row.score(), s.score(), "snapshot score"),
            () -> assertEquals(row.state(), s.state(), "snapshot state"));
    }

    private static RoundVerdict verdict(char c) {
        return switch (c) {
            case '+' -> TrackFixtures.good();
            case '-' -> TrackFixtures.bad();
            default -> throw new IllegalArgumentException("round " + c);
        };
    }
}
