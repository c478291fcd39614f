package net.mwan3.status;

/**
 * A user rule for one family with its hit counters (packets and bytes of new connections it
 * classified). {@code policy} is the policy name or a built-in; {@code match} is human text.
 */
public record RuleStatus(String name, String policy, boolean sticky, String match, long packets, long bytes) {
}
