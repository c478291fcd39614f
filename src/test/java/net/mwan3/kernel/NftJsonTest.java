package net.mwan3.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Reading {@code nft -j list table inet mwan3} as nft 1.0.6 prints it (captured in a namespace). */
class NftJsonTest {
    private static final String LISTING = "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\", \"release_name\": "
            + "\"Lester Gooch #5\", \"json_schema_version\": 1}}, {\"table\": {\"family\": \"inet\", \"name\": \"mwan3\", "
            + "\"handle\": 1}}, {\"set\": {\"family\": \"inet\", \"name\": \"s1\", \"table\": \"mwan3\", \"type\": "
            + "\"ipv4_addr\", \"handle\": 1, \"flags\": [\"interval\"], \"elem\": [{\"prefix\": {\"addr\": "
            + "\"198.51.100.0\", \"len\": 24}}, \"203.0.113.5\"]}}, {\"map\": {\"family\": \"inet\", \"name\": \"st\", "
            + "\"table\": \"mwan3\", \"type\": \"ipv4_addr\", \"handle\": 2, \"map\": \"mark\", \"size\": 65535, "
            + "\"flags\": [\"timeout\"], \"timeout\": 600, \"elem\": [[{\"elem\": {\"val\": \"192.0.2.7\", \"expires\": "
            + "599}}, 256]]}}, {\"chain\": {\"family\": \"inet\", \"table\": \"mwan3\", \"name\": \"pre\", \"handle\": 3, "
            + "\"type\": \"filter\", \"hook\": \"prerouting\", \"prio\": -150, \"policy\": \"accept\"}}, {\"chain\": "
            + "{\"family\": \"inet\", \"table\": \"mwan3\", \"name\": \"c1\", \"handle\": 4}}, {\"rule\": {\"family\": "
            + "\"inet\", \"table\": \"mwan3\", \"chain\": \"pre\", \"handle\": 5, \"expr\": [{\"match\": {\"op\": \"==\", "
            + "\"left\": {\"payload\": {\"protocol\": \"ip\", \"field\": \"saddr\"}}, \"right\": \"@s1\"}}, {\"counter\": "
            + "{\"packets\": 0, \"bytes\": 0}}, {\"jump\": {\"target\": \"c1\"}}]}}]}";

    @Test
    void inventoryHasChainHooksAndSetShapes() {
        NftInventory inv = NftJson.inventory(LISTING);
        assertEquals(Map.of("pre", "filter prerouting -150 accept", "c1", ""), inv.chains());
        assertEquals(new NftInventory.SetShape("set", "ipv4_addr", 2), inv.sets().get("s1"));
        assertEquals(new NftInventory.SetShape("map", "ipv4_addr : mark", 1), inv.sets().get("st"));
    }

    @Test
    void fingerprintIgnoresHandlesCountersAndKeepElementsOnly() {
        String base = NftJson.fingerprint(LISTING, Set.of("st"));
        String moved = LISTING.replace("\"handle\": 5", "\"handle\": 9").replace("\"packets\": 0, \"bytes\": 0",
                "\"packets\": 12, \"bytes\": 3400").replace("\"192.0.2.7\", \"expires\": 599", "\"192.0.2.8\", \"expires\": 3");
        assertEquals(base, NftJson.fingerprint(moved, Set.of("st")));
        assertNotEquals(base, NftJson.fingerprint(LISTING.replace("\"203.0.113.5\"", "\"203.0.113.6\""), Set.of("st")));
        assertNotEquals(base, NftJson.fingerprint(LISTING.replace("\"target\": \"c1\"", "\"target\": \"c2\""), Set.of("st")));
        assertNotEquals(NftJson.fingerprint(LISTING, Set.of()), NftJson.fingerprint(moved, Set.of()));
    }
}
