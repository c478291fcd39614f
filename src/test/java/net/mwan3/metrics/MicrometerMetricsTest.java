package net.mwan3.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import net.mwan3.status.StatusSnapshot;

class MicrometerMetricsTest {

    private static Map<String, Double> scrape(StatusSnapshot s) {
        try (MicrometerMetrics m = new MicrometerMetrics(() -> s)) {
            return PrometheusText.samples(m.scrape());
        }
    }

    @Test
    void interfaceGaugesUseTheNodeExporterCollectorsNamesAndValues() {
        Map<String, Double> x = scrape(StatusFixtures.of(StatusFixtures.wanOnline(), StatusFixtures.wanbOffline()));
        assertEquals(4.0, x.get("mwan3_interface_age{interface=\"wan\"}"));
        assertEquals(83.0, x.get("mwan3_interface_online{interface=\"wan\"}"));
        assertEquals(0.0, x.get("mwan3_interface_offline{interface=\"wan\"}"));
        assertEquals(42.0, x.get("mwan3_interface_offline{interface=\"wanb\"}"));
        assertEquals(300.0, x.get("mwan3_interface_uptime{interface=\"wan\"}"));
        assertEquals(10.0, x.get("mwan3_interface_score{interface=\"wan\"}"));
        assertEquals(2.0, x.get("mwan3_interface_lost{interface=\"wanb\"}"));
        assertEquals(9.0, x.get("mwan3_interface_turn{interface=\"wan\"}"));
        assertEquals(1.0, x.get("mwan3_interface_enabled{interface=\"wan\"}"));
        assertEquals(1.0, x.get("mwan3_interface_running{interface=\"wanb\"}"));
        assertEquals(1.0, x.get("mwan3_interface_up{interface=\"wan\"}"));
    }

    @Test
    void statusIsOneHotOverTheCollectorsWords() {
        Map<String, Double> x = scrape(StatusFixtures.of(StatusFixtures.wanOnline(), StatusFixtures.wanbOffline()));
        for (String w : StatusGauges.STATUS_WORDS) {
            assertEquals(w.equals("online") ? 1.0 : 0.0,
                    x.get("mwan3_interface_status{interface=\"wan\",status=\"" + w + "\"}"), w);
            assertEquals(w.equals("offline") ? 1.0 : 0.0,
                    x.get("mwan3_interface_status{interface=\"wanb\",status=\"" + w + "\"}"), w);
        }
    }

    @Test
    void perTargetLatencyOnlyForAnsweringTargetsAndLossOnlyForProbedOnes() {
        Map<String, Double> x = scrape(StatusFixtures.of(StatusFixtures.wanOnline(), StatusFixtures.wanbOffline()));
        assertEquals(0.012, x.get("mwan3_interface_tracking_latency_seconds{interface=\"wan\",ip=\"192.0.2.1\"}"));
        assertEquals(0.25, x.get("mwan3_interface_tracking_latency_seconds{interface=\"wanb\",ip=\"198.51.100.1\"}"));
        assertFalse(x.containsKey("mwan3_interface_tracking_latency_seconds{interface=\"wan\",ip=\"192.0.2.2\"}"));
        assertFalse(x.containsKey("mwan3_interface_tracking_latency_seconds{interface=\"wan\",ip=\"192.0.2.3\"}"));
        assertEquals(0.0, x.get("mwan3_interface_tracking_loss_ratio{interface=\"wan\",ip=\"192.0.2.1\"}"));
        assertEquals(1.0, x.get("mwan3_interface_tracking_loss_ratio{interface=\"wan\",ip=\"192.0.2.2\"}"));
        assertEquals(0.4, x.get("mwan3_interface_tracking_loss_ratio{interface=\"wanb\",ip=\"198.51.100.1\"}"));
        assertFalse(x.containsKey("mwan3_interface_tracking_loss_ratio{interface=\"wan\",ip=\"192.0.2.3\"}"));
        assertEquals(1.0, x.get("mwan3_interface_tracking_status{interface=\"wan\",ip=\"192.0.2.3\",status=\"skipped\"}"));
        assertEquals(0.0, x.get("mwan3_interface_tracking_status{interface=\"wan\",ip=\"192.0.2.3\",status=\"up\"}"));
        assertEquals(1.0, x.get("mwan3_interface_tracking_status{interface=\"wan\",ip=\"192.0.2.2\",status=\"down\"}"));
    }

    @Test
    void textCarriesHelpAndGaugeTypes() {
        try (MicrometerMetrics m = new MicrometerMetrics(() -> StatusFixtures.of(StatusFixtures.wanOnline()))) {
            String text = m.scrape();
            assertTrue(text.contains("# TYPE mwan3_interface_up gauge\n"), text);
            assertTrue(text.contains("# HELP mwan3_interface_score "), text);
            assertTrue(text.contains("# TYPE mwan3_interface_tracking_latency_seconds gauge\n"), text);
        }
    }

    @Test
    void eachScrapeReadsTheLatestSnapshotAndDropsRemovedInterfaces() {
        AtomicReference<StatusSnapshot> now =
                new AtomicReference<>(StatusFixtures.of(StatusFixtures.wanOnline(), StatusFixtures.wanbOffline()));
        try (MicrometerMetrics m = new MicrometerMetrics(now::get)) {
            assertEquals(1.0, PrometheusText.samples(m.scrape()).get("mwan3_interface_up{interface=\"wanb\"}"));
            now.set(StatusFixtures.of(StatusFixtures.wanOnline()));
            Map<String, Double> x = PrometheusText.samples(m.scrape());
            assertTrue(x.keySet().stream().noneMatch(k -> k.contains("\"wanb\"")), x.toString());
            assertTrue(x.keySet().stream().noneMatch(k -> k.contains("198.51.100.1")), x.toString());
            assertEquals(1.0, x.get("mwan3_interface_up{interface=\"wan\"}"));
        }
    }

    @Test
    void countersCountWithTheirLabels() {
        try (MicrometerMetrics m = new MicrometerMetrics(() -> StatusSnapshot.EMPTY)) {
            m.probe("wan", "ping", true);
            m.probe("wan", "ping", true);
            m.probe("wan", "ping", false);
            m.event("wanb", "disconnected");
            m.reconcile(true, 7);
            m.reconcile(false, 0);
            m.reconcile(true, 2);
            m.applyFailure();
            Map<String, Double> x = PrometheusText.samples(m.scrape());
            assertEquals(2.0, x.get("mwan3_probes_total{interface=\"wan\",method=\"ping\",result=\"ok\"}"));
            assertEquals(1.0, x.get("mwan3_probes_total{interface=\"wan\",method=\"ping\",result=\"failed\"}"));
            assertEquals(1.0, x.get("mwan3_events_total{action=\"disconnected\",interface=\"wanb\"}"));
            assertEquals(2.0, x.get("mwan3_reconciles_total{result=\"ok\"}"));
            assertEquals(1.0, x.get("mwan3_reconciles_total{result=\"failed\"}"));
            assertEquals(9.0, x.get("mwan3_reconcile_mutations_total"));
            assertEquals(1.0, x.get("mwan3_apply_failures_total"));
        }
    }

    @Test
    void burstsAreCountedPerInterfaceAndOutcome() {
        try (MicrometerMetrics m = new MicrometerMetrics(() -> StatusSnapshot.EMPTY)) {
            m.burst("wan", "started");
            m.burst("wan", "started");
            m.burst("wan", "cleared");
            m.burst("wan", "confirmed");
            Map<String, Double> x = PrometheusText.samples(m.scrape());
            assertEquals(2.0, x.get("mwan3_traffic_bursts_total{interface=\"wan\",outcome=\"started\"}"), x.toString());
            assertEquals(1.0, x.get("mwan3_traffic_bursts_total{interface=\"wan\",outcome=\"cleared\"}"));
            assertEquals(1.0, x.get("mwan3_traffic_bursts_total{interface=\"wan\",outcome=\"confirmed\"}"));
        }
    }

    @Test
    void withoutAServerThereIsNoAddress() {
        try (MicrometerMetrics m = new MicrometerMetrics(() -> StatusSnapshot.EMPTY)) {
            assertNull(m.address());
        }
    }
}
