package net.mwan3.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.mwan3.config.Mwan3Config;
import net.mwan3.kernel.FakeKernel;
import net.mwan3.model.Family;
import net.mwan3.plan.DesiredState;
import net.mwan3.plan.IpRule;
import net.mwan3.plan.PlanInput;
import net.mwan3.plan.Planner;
import net.mwan3.plan.Route;

/** The ownership journal: what it lists before and after an apply, how it is written, and what it refuses to read. */
class OwnershipJournalTest {
    @TempDir
    Path dir;

    private static final String THREE = String.join("\n",
            "config globals 'globals'", "\toption mmx_mask '0xFF00'",
            "config interface 'wan1'", "\toption enabled '1'", "\toption device 'eth1'",
            "config interface 'wan2'", "\toption enabled '1'", "\toption device 'eth2'",
            "config interface 'wan3'", "\toption enabled '1'", "\toption device 'eth3'", "");

    private static DesiredState plan(Mwan3Config c, String... up) {
        Map<String, net.mwan3.model.IfaceState> states = new java.util.HashMap<>();
        for (String i : up) {
            states.put(i, new net.mwan3.model.IfaceState("eth" + i.charAt(3), true, true));
        }
        FakeKernel k = new FakeKernel();
        for (int n = 1; n <= 3; n++) {
            k.replaceRoute(new Route(Family.IPV4, Route.MAIN, "unicast", "default", "198.51.100." + n, "eth" + n,
                    "static", null, null, n * 10));
        }
        return Planner.plan(new PlanInput(c, states, k.readRoutes(List.of())));
    }

    @Test
    void listsWhatTheKernelMayHoldBeforeAnApplyAndWhatItHoldsAfter() throws IOException {
        Mwan3Config c = DaemonHarness.config(THREE);
        OwnershipJournal j = OwnershipJournal.open(dir);
        DesiredState all = plan(c, "wan1", "wan2", "wan3");
        j.beforeApply(all, c);
        j.afterApply(true, all, c);
        assertEquals(Set.of(1, 2, 3), j.held().tables());
        assertEquals(Map.of(1, "wan1", 2, "wan2", 3, "wan3"), j.held().interfaces());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(OwnershipJournal.FILE))));

        DesiredState fewer = plan(c, "wan1");
        j.beforeApply(fewer, c);
        assertEquals(Set.of(1, 2, 3), OwnershipJournal.open(dir).held().tables(), "before: the union, on disk");
        j.afterApply(false, fewer, c);
        assertEquals(Set.of(1, 2, 3), OwnershipJournal.open(dir).held().tables(), "a failed apply shrinks nothing");
        j.afterApply(true, fewer, c);
        OwnershipJournal reread = OwnershipJournal.open(dir);
        assertEquals(Set.of(1), reread.held().tables());
        assertEquals(Set.copyOf(fewer.rules()), reread.held().rules());
        assertEquals("inet mwan3", reread.held().nftTable());

        j.beforeApply(DesiredState.EMPTY, c);
        j.afterApply(true, DesiredState.EMPTY, c);
        assertFalse(Files.exists(dir.resolve(OwnershipJournal.FILE)), "a clean stop leaves no journal");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "no temporary file left");
        }
    }

    @Test
    void whatItListsIsOwnedWhateverTheNewConfigSays() throws IOException {
        Mwan3Config three = DaemonHarness.config(THREE);
        OwnershipJournal j = OwnershipJournal.open(dir);
        DesiredState all = plan(three, "wan1", "wan2", "wan3");
        j.beforeApply(all, three);
        j.afterApply(true, all, three);
        Mwan3Config one = DaemonHarness.config("config interface 'wan1'\n\toption enabled '1'\n");
        var ownership = OwnershipJournal.open(dir).ownership(one);
        IpRule wan3 = IpRule.fwmark(Family.IPV4, 2003, 0x300, 0xff00, IpRule.Action.LOOKUP, 3);
        assertTrue(ownership.owns(wan3), "listed, though not of the new (default) mask's shape");
        assertTrue(ownership.ownsTable(3));
        assertFalse(OwnershipJournal.inMemory().ownership(one).owns(wan3));
    }

    @Test
    void aTamperedJournalNamesNoSystemTableAndNoForeignPref() {
        assertThrows(IllegalArgumentException.class, () -> JournalText.read("{\"tables\":[254]}"));
        assertThrows(IllegalArgumentException.class, () -> JournalText.read("{\"tables\":[0]}"));
        assertThrows(IllegalArgumentException.class, () -> JournalText.read(
                "{\"rules\":[{\"family\":\"IPV4\",\"pref\":100,\"fwmark\":0,\"mask\":0,\"action\":\"LOOKUP\",\"table\":1}]}"));
        assertThrows(IllegalArgumentException.class, () -> JournalText.read(
                "{\"rules\":[{\"family\":\"IPV4\",\"pref\":1001,\"iif\":\"a b\",\"action\":\"LOOKUP\",\"table\":1}]}"));
    }

    /** The text the databind version wrote reads back, and is what this version writes for the same content. */
    @Test
    void aJournalOfTheEarlierVersionReadsBackAndIsWrittenTheSame() {
        String earlier = String.join("\n", "{", "  \"nftTable\" : \"inet mwan3\",", "  \"interfaces\" : {",
                "    \"1\" : \"wan1\"", "  },", "  \"rules\" : [ {", "    \"family\" : \"IPV4\",",
                "    \"pref\" : 1001,", "    \"iif\" : \"eth1\",", "    \"fwmark\" : 0,", "    \"mask\" : 0,",
                "    \"action\" : \"LOOKUP\",", "    \"table\" : 1", "  }, {", "    \"family\" : \"IPV6\",",
                "    \"pref\" : 2254,", "    \"iif\" : null,", "    \"fwmark\" : 65024,", "    \"mask\" : 65280,",
                "    \"action\" : \"UNREACHABLE\",", "    \"table\" : 0", "  } ],", "  \"tables\" : [ 1 ]", "}", "");
        OwnershipJournal.Entries e = JournalText.read(earlier);
        assertEquals(Set.of(IpRule.iif(Family.IPV4, 1001, "eth1", 1),
                IpRule.fwmark(Family.IPV6, 2254, 0xfe00, 0xff00, IpRule.Action.UNREACHABLE, 0)), e.rules());
        assertEquals(Map.of(1, "wan1"), e.interfaces());
        assertEquals(earlier, JournalText.write(e));
    }

    @Test
    void aJournalWithWhatWeDoNotWriteIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> JournalText.read("{\"extra\":1}"));
        assertThrows(IllegalArgumentException.class, () -> JournalText.read("[]"));
        assertThrows(IllegalArgumentException.class, () -> JournalText.read("{\"tables\":[\"1\"]}"));
        assertThrows(IllegalArgumentException.class, () -> JournalText.read("{\"interfaces\":{\"x\":\"wan\"}}"));
        assertThrows(IllegalArgumentException.class, () -> JournalText.read("{\"interfaces\":{\"1\":null}}"));
        assertThrows(IllegalArgumentException.class, () -> JournalText.read(
                "{\"rules\":[{\"family\":\"IPV9\",\"pref\":1001,\"action\":\"LOOKUP\",\"table\":1}]}"));
        assertThrows(IllegalArgumentException.class, () -> JournalText.read(
                "{\"rules\":[{\"family\":\"IPV4\",\"pref\":1001,\"args\":\"x\",\"action\":\"LOOKUP\"}]}"));
        assertThrows(IllegalArgumentException.class, () -> JournalText.read("{} trailing"));
    }

    @Test
    void anUnreadableJournalIsIgnored() throws IOException {
        Files.writeString(dir.resolve(OwnershipJournal.FILE), "{ not json");
        assertTrue(OwnershipJournal.open(dir).held().isEmpty());
    }
}
