package dev.skiff.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.common.json.Json;
import dev.skiff.common.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFilesTest {

    @Test
    void csvHasOneLinePerSystemAndWorkloadIncludingTheNullBroker(@TempDir Path dir) throws Exception {
        SystemResult skiff = new SystemResult(
                "skiff", 600, 1000, 500, List.of(CompareTableTest.result("skiff", "w1", 3_000, 2, 1_000, 40)));
        SystemResult nul = new SystemResult(
                "null", Double.NaN, -1, -1, List.of(CompareTableTest.result("null", "w1", 4_000, 2, 500, Double.NaN)));
        MachineLimits limits = new MachineLimits(900, 300, 120, 800, 3000, nul);
        List<CompareTable.Row> table = CompareTable.rows(List.of(CompareTableTest.W1), skiff, skiff);
        List<Path> files = ResultFiles.write(dir, "bin/skiff bench compare \"x\"", List.of(skiff), limits, table);

        List<String> csv = Files.readAllLines(files.get(1));
        assertThat(csv).hasSize(3);
        assertThat(csv.get(0)).isEqualTo(ResultFiles.CSV_HEADER);
        assertThat(csv.get(1))
                .startsWith(
                        "skiff,w1,3000,3000,0,2.000,1500.000,1.465,500.000,1000.000,2000.000,3000.000,40.000,200000,100000,80.000");
        assertThat(csv.get(2)).startsWith("null,w1,4000,").contains(",null,");

        JsonObject json = Json.parse(Files.readString(files.get(0))).asObject();
        assertThat(json.getString("command")).isEqualTo("bin/skiff bench compare \"x\"");
        JsonObject system = json.getArray("systems").get(0).asObject();
        assertThat(system.getString("system")).isEqualTo("skiff");
        JsonObject w1 = system.getArray("workloads").get(0).asObject();
        assertThat(w1.getLong("messages", -1)).isEqualTo(3000);
        assertThat(((dev.skiff.common.json.JsonNumber) w1.get("clientCpuSecondsPerMillion")).asDouble())
                .isEqualTo(80.0);
        assertThat(json.getObject("limits").getObject("nullBroker").getString("system"))
                .isEqualTo("null");
        JsonObject row = json.getArray("table").get(0).asObject();
        assertThat(row.getString("figure")).isEqualTo("w1 msg/s");
        assertThat(row.getBoolean("met", true)).isFalse(); // ratio 1.00 < 1.5
    }

    @Test
    void stringsAreEscaped() {
        assertThat(ResultFiles.str("a\"b\\c\nd\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\"");
        assertThat(ResultFiles.num(Double.NaN)).isEqualTo("null");
    }

    @Test
    void plotHasABarPerSystemAndWorkloadAndIsWellFormedXml() throws Exception {
        SystemResult skiff = new SystemResult(
                "skiff",
                1,
                1,
                1,
                List.of(
                        CompareTableTest.result("skiff", "w1", 3_000, 1, 1_000, 1),
                        CompareTableTest.result("skiff", "w4", 9_000, 1, 0, 1)));
        SystemResult apache = new SystemResult(
                "apache", 1, 1, 1, List.of(CompareTableTest.result("apache", "w1", 2_000, 1, 4_000, 1)));
        String svg = SvgPlot.render(
                "Skiff <vs> Apache", List.of(CompareTableTest.W1, CompareTableTest.W4), List.of(skiff, apache));
        // throughput: 3 bars (w4 has no apache result); p99: 2 bars (w4 is a drain); + 2 legend boxes + background
        assertThat(svg.split("<rect ", -1).length - 1).isEqualTo(3 + 2 + 2 + 1);
        assertThat(svg).contains("Skiff &lt;vs&gt; Apache").contains(">3,000<").contains(">4.00<");
        javax.xml.parsers.DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
