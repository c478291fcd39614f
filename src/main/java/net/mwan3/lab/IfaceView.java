package net.mwan3.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.mwan3.json.Json;
import net.mwan3.json.JsonFormatException;
import net.mwan3.json.JsonValue;

/**
 * What the live screen shows of one interface, read from the daemon's {@code status --json
 * interfaces} (the ubus shape): its state and the mean RTT and loss over its track targets.
 * Without check_quality mwan3 reports no loss figure (packetloss stays 0), so the lab also keeps
 * how many targets were probed in the last round and how many answered, to estimate loss over a
 * window itself (a target mwan3 skipped, reliability being reached, counts as neither).
 *
 * @param rttMs       mean latency of the targets that answered, or -1 when none did
 * @param lossPercent mean of the targets' packetloss as reported (check_quality only)
 */
public record IfaceView(String name, String state, boolean up, double rttMs, int lossPercent, int targetsUp,
                        int probed) {
    /** Parses the JSON; an answer that is not JSON (daemon gone) yields no rows. */
    public static List<IfaceView> parse(String json) {
        List<IfaceView> out = new ArrayList<>();
        JsonValue root;
        try {
            root = Json.parse(json);
        } catch (JsonFormatException notJson) {
            return out;
        }
        for (Map.Entry<String, JsonValue> e : root.get("interfaces").members().entrySet()) {
            out.add(of(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** The same row with the loss figure replaced (by the lab's own estimate). */
    public IfaceView withLoss(int percent) {
        return new IfaceView(name, state, up, rttMs, percent, targetsUp, probed);
    }

    private static IfaceView of(String name, JsonValue n) {
        double rtt = 0;
        int answered = 0;
        int loss = 0;
        int targets = 0;
        int probed = 0;
        for (JsonValue t : n.get("track_ip").elements()) {
            targets++;
            loss += t.get("packetloss").asInt(0);
            String status = t.get("status").asText();
            if (status.equals("up")) {
                rtt += t.get("latency").asDouble(0);
                answered++;
            }
            if (status.equals("up") || status.equals("down")) {
                probed++;
            }
        }
        return new IfaceView(name, n.get("status").asText("?"), n.get("up").asBoolean(false),
                answered == 0 ? -1 : rtt / answered, targets == 0 ? 0 : loss / targets, answered, probed);
    }
}
