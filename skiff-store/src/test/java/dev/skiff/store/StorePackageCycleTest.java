package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.store.engine.DefaultMessageStore;
import dev.skiff.store.log.CommitLog;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of skiff-store, checked over its compiled production classes (their constant pools,
 * read by {@link ClassReferences}): no cycle among the {@code dev.skiff.store.*} packages; the API
 * package {@code dev.skiff.store} depends on no sub-package; and only the API's callers — never a
 * store component — depend on the implementation package {@code dev.skiff.store.engine}.
 */
class StorePackageCycleTest {
    private static final String API = "dev.skiff.store";
    private static final String ENGINE = "dev.skiff.store.engine";
    /** Bounds what a broken build directory could make the test read. */
    private static final long CLASS_FILE_MAX_BYTES = 1 << 20;

    private static PackageGraph graph;
    private static int classesRead;

    @BeforeAll
    static void readProductionClasses() throws IOException, URISyntaxException {
        Path root = Path.of(MessageStore.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        assertThat(root)
                .as("skiff-store's classes as a directory (run from the reactor)")
                .isDirectory();
        Path store = root.resolve("dev/skiff/store");
        ClassReferences refs = new ClassReferences("dev/skiff/store");
        graph = new PackageGraph();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(store)) {
            files = walk.filter(f -> f.toString().endsWith(".class")).toList();
        }
        for (Path f : files) {
            assertThat(Files.size(f)).as(f.toString()).isLessThan(CLASS_FILE_MAX_BYTES);
            String self =
                    root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".");
            self = self.substring(0, self.length() - ".class".length());
            graph.add(self, self);
            for (String target : refs.of(Files.readAllBytes(f))) {
                graph.add(self, target);
            }
            classesRead++;
        }
    }

    @Test
    void theReaderSeesTheKnownDependencies() {
        assertThat(classesRead).as("production classes read").isGreaterThan(50);
        assertThat(graph.packages()).contains(API, ENGINE, "dev.skiff.store.log", "dev.skiff.store.retention");
        assertThat(graph.example(ENGINE, "dev.skiff.store.log")).isNotNull();
        assertThat(graph.dependenciesOf(ENGINE)).contains(API);
        assertThat(graph.dependenciesOf("dev.skiff.store.log")).contains(API);
        assertThat(graph.dependenciesOf("dev.skiff.store.retention")).contains(API);
        assertThat(DefaultMessageStore.class.getPackageName()).isEqualTo(ENGINE);
        assertThat(CommitLog.class.getPackageName()).isEqualTo("dev.skiff.store.log");
    }

    @Test
    void noPackageCycleAmongStorePackages() {
        assertThat(graph.cycles()).as(graph.describeCycles()).isEmpty();
    }

    @Test
    void theApiPackageDependsOnNoSubPackage() {
        assertThat(graph.dependenciesOf(API))
                .as("dev.skiff.store is the API: move the type into it, or the code using a sub-package out of it")
                .isEmpty();
    }

    @Test
    void noStoreComponentDependsOnTheEngine() {
        for (String p : graph.packages()) {
            if (!p.equals(ENGINE)) {
                assertThat(graph.dependenciesOf(p))
                        .as(p + " depends on the engine: " + graph.example(p, ENGINE))
                        .doesNotContain(ENGINE);
            }
        }
    }

    @Test
    void theCycleFinderFindsACycleAndNamesItsEdges() {
        PackageGraph g = new PackageGraph();
        g.add("a.A", "b.B");
        g.add("b.B", "c.C");
        g.add("c.C", "a.A");
        g.add("c.C", "d.D");
        g.add("d.D", "d.E");
        assertThat(g.cycles()).containsExactly(Set.of("a", "b", "c"));
        assertThat(g.describeCycles()).contains("c -> a (e.g. c.C -> a.A)");
        g = new PackageGraph();
        g.add("a.A", "b.B");
        g.add("b.B", "c.C");
        assertThat(g.cycles()).isEmpty();
    }

    @Test
    void theClassReaderRejectsWhatIsNotAClassFile() {
        ClassReferences refs = new ClassReferences("dev/skiff/store");
        assertThatThrownBy(() -> refs.of(new byte[] {1, 2, 3, 4, 0, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("magic");
    }
}
