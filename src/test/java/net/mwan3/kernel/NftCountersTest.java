package net.mwan3.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import net.mwan3.netlink.NftObjectMessages;
import net.mwan3.netlink.NlMessage;
import net.mwan3.netlink.NlWriter;
import net.mwan3.plan.NftChain;
import net.mwan3.plan.NftTable;

/** Named counters through the script, the delta, the listing and the nf_tables dump. */
class NftCountersTest {
    private static final NftChain OUT = new NftChain("mwan3_traffic_out",
            "type filter hook postrouting priority mangle; policy accept",
            List.of("oifname \"eth1\" counter name \"mwan3_out_wan\""));

    @Test
    void scriptCreatesMissingCountersAndDeletesOthersOnceNoRuleUsesThem() {
        NftTable desired = new NftTable(List.of(), List.of(OUT), List.of("mwan3_out_wan"));
        NftInventory observed = new NftInventory(true, Map.of("mwan3_traffic_out", "filter postrouting -150 accept"),
                Map.of(), Map.of(), Set.of("mwan3_out_old"));
        assertEquals("""
                add table inet mwan3
                flush chain inet mwan3 mwan3_traffic_out
                delete counter inet mwan3 mwan3_out_old
                add counter inet mwan3 mwan3_out_wan
                add rule inet mwan3 mwan3_traffic_out oifname "eth1" counter name "mwan3_out_wan"
                """, NftScript.render(desired, observed));
        NftInventory same = new NftInventory(true, Map.of("mwan3_traffic_out", "filter postrouting -150 accept"),
                Map.of(), Map.of("mwan3_traffic_out", 1), Set.of("mwan3_out_wan"));
        assertTrue(same.holds(desired));
        assertTrue(!observed.holds(desired), "other counters: not the shape we gave it");
    }

    @Test
    void deltaDeclaresNewCountersFirstAndDeletesGoneOnesLast() {
        NftTable before = new NftTable(List.of(), List.of(OUT), List.of("mwan3_out_wan"));
        NftChain out2 = new NftChain(OUT.name(), OUT.base(), List.of("oifname \"eth2\" counter name \"mwan3_out_wanb\""));
        NftTable after = new NftTable(List.of(), List.of(out2), List.of("mwan3_out_wanb"));
        assertEquals("""
                add counter inet mwan3 mwan3_out_wanb
                flush chain inet mwan3 mwan3_traffic_out
                add rule inet mwan3 mwan3_traffic_out oifname "eth2" counter name "mwan3_out_wanb"
                delete counter inet mwan3 mwan3_out_wan
                """, NftDelta.render(before, after).orElseThrow());
    }

    @Test
    void listingNamesTheCounterObjectsNotTheRulesAnonymousCounters() {
        String json = "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}}, {\"table\": {\"family\": \"inet\","
                + " \"name\": \"mwan3\"}}, {\"counter\": {\"family\": \"inet\", \"name\": \"mwan3_out_wan\", \"table\":"
                + " \"mwan3\", \"handle\": 1, \"packets\": 5, \"bytes\": 420}}, {\"rule\": {\"chain\": \"c\", \"expr\":"
                + " [{\"counter\": {\"packets\": 1, \"bytes\": 2}}]}}]}";
        assertEquals(Set.of("mwan3_out_wan"), NftJson.inventory(json).counters());
    }

    @Test
    void dumpRequestFiltersByTableAndTypeAndAnswersAreParsed() {
        byte[] req = NftObjectMessages.dumpCounters(NftObjectMessages.NFPROTO_INET, "mwan3");
        ByteBuffer b = ByteBuffer.wrap(req).order(ByteOrder.nativeOrder());
        assertEquals(req.length, b.getInt(0));
        assertEquals(10 << 8 | 19, b.getShort(4) & 0xffff, "NFNL_SUBSYS_NFTABLES, NFT_MSG_GETOBJ");
        assertEquals(NlMessage.F_REQUEST | NlMessage.F_DUMP, b.getShort(6) & 0xffff);
        assertEquals(1, req[16], "NFPROTO_INET");
        byte[] packets = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(1L << 33).array();
        byte[] data = NlWriter.header(0, 0).attr(1, new byte[8]).attr(2, packets).toBytes();
        byte[] nested = java.util.Arrays.copyOfRange(data, NlMessage.HEADER, data.length);
        byte[] reply = NlWriter.header(NftObjectMessages.OBJECT, 0).putByte(1).putByte(0).putShort(0)
                .attrString(1, "mwan3").attrString(2, "mwan3_out_wan").attrU32be(3, 1)
                .attr(4 | net.mwan3.netlink.NlAttrs.F_NESTED, nested).toBytes();
        NlMessage m = NlMessage.parseAll(reply, reply.length).get(0);
        assertEquals(new NftObjectMessages.Counter("mwan3_out_wan", 1L << 33), NftObjectMessages.counter(m));
        ByteBuffer rx = ByteBuffer.wrap(reply).order(ByteOrder.nativeOrder());
        Map<String, Long> inPlace = new java.util.HashMap<>();
        assertTrue(NftObjectMessages.counter(NftObjectMessages.OBJECT, rx, NlMessage.HEADER, reply.length, inPlace::put));
        assertEquals(Map.of("mwan3_out_wan", 1L << 33), inPlace, "read in place, as the sampler does");
        byte[] quota = NlWriter.header(NftObjectMessages.OBJECT, 0).putByte(1).putByte(0).putShort(0)
                .attrString(2, "q").attrU32be(3, 2).attr(4 | net.mwan3.netlink.NlAttrs.F_NESTED, nested).toBytes();
        assertNull(NftObjectMessages.counter(NlMessage.parseAll(quota, quota.length).get(0)), "not a counter");
        assertTrue(!NftObjectMessages.counter(NftObjectMessages.OBJECT, ByteBuffer.wrap(quota).order(ByteOrder.nativeOrder()),
                NlMessage.HEADER, quota.length, inPlace::put), "not a counter, in place");
    }
}
