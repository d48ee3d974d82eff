package dev.skiff.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.remoting.protocol.body.DataVersion;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MetadataPageTest {
    private final List<Integer> all = IntStream.range(0, 10).boxed().toList();
    private final DataVersion version = new DataVersion(0, 123, 7);
    private final String versionJson = "{\"counter\":7,\"stateVersion\":0,\"timestamp\":123}";

    @Test
    void noPagingFieldsMeansEverything() {
        assertThat(MetadataPage.select(all, version, null, null, null)).isEqualTo(all);
    }

    @Test
    void pagesFollowTheSequenceWhileTheVersionHolds() {
        assertThat(MetadataPage.select(all, version, 0, 4, "")).containsExactly(0, 1, 2, 3);
        assertThat(MetadataPage.select(all, version, 4, 4, versionJson)).containsExactly(4, 5, 6, 7);
        assertThat(MetadataPage.select(all, version, 8, 4, versionJson)).containsExactly(8, 9);
        assertThat(MetadataPage.select(all, version, 12, 4, versionJson)).isEmpty();
    }

    @Test
    void aStaleOrGarbledVersionRestartsAtZero() {
        String stale = "{\"counter\":6,\"stateVersion\":0,\"timestamp\":100}";
        assertThat(MetadataPage.select(all, version, 4, 3, stale)).containsExactly(0, 1, 2);
        assertThat(MetadataPage.select(all, version, 4, 3, "{not json")).containsExactly(0, 1, 2);
        assertThat(MetadataPage.select(all, version, 4, 3, "[1]")).containsExactly(0, 1, 2);
    }

    @Test
    void pageSizeIsBounded() {
        List<Integer> many =
                IntStream.range(0, MetadataPage.PAGE_MAX + 10).boxed().toList();
        assertThat(MetadataPage.select(many, version, 0, Integer.MAX_VALUE, "")).hasSize(MetadataPage.PAGE_MAX);
        assertThat(MetadataPage.select(many, version, 0, 0, "")).hasSize(MetadataPage.PAGE_MAX);
    }
}
