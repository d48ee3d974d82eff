package dev.skiff.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class RuntimeConfigFileTest {
    @TempDir
    Path dir;

    private final BrokerConfig configured =
            BrokerConfig.defaults().with("brokerPermission", 6).with("deleteWhen", 3);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(RuntimeConfigFile.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    private Path file() {
        return dir.resolve(RuntimeConfigFile.FILE_NAME);
    }

    private RuntimeConfigFile runtimeFile() {
        return new RuntimeConfigFile(file(), configured);
    }

    @Test
    void noFileLeavesTheConfiguredValues() throws IOException {
        assertThat(runtimeFile().applyTo(Set.of("brokerPermission"))).isEqualTo(configured);
        assertThat(logs.list).isEmpty();
    }

    @Test
    void savedValuesWinAndEachIsLoggedOnceWithAWarningForKeysTheConfigFileSets() throws IOException {
        Files.writeString(file(), "# comment\nbrokerPermission=4\nfileReservedTime = 2\n");
        BrokerConfig started = runtimeFile().applyTo(Set.of("brokerPermission", "deleteWhen"));

        assertThat(started.brokerPermission()).isEqualTo(4);
        assertThat(started.fileReservedTime()).isEqualTo(2);
        assertThat(started.deleteWhen()).as("not in the file").isEqualTo(3);
        assertThat(messages(Level.INFO))
                .containsExactly(
                        "broker config fileReservedTime=2 from the run-time config file " + file(),
                        "broker config brokerPermission=4 from the run-time config file " + file());
        assertThat(messages(Level.WARN))
                .singleElement()
                .asString()
                .contains(
                        "'brokerPermission' is 6 in the config file, but the run-time value 4 from " + file() + " wins")
                .contains("set it to 6 at run time")
                .contains("delete its line from " + file());
    }

    @Test
    void keysThatCannotChangeAtRunTimeAreIgnoredWithAWarningNamingThem() throws IOException {
        Files.writeString(file(), "listenPort=10999\nnoSuchKey=1\nmaxMessageSize=2048\n");
        BrokerConfig started = runtimeFile().applyTo(Set.of());

        assertThat(started.listenPort()).isEqualTo(configured.listenPort());
        assertThat(started.maxMessageSize()).isEqualTo(2048);
        assertThat(messages(Level.WARN))
                .hasSize(2)
                .allSatisfy(m -> assertThat(m).contains("is ignored"));
        assertThat(messages(Level.WARN).get(0)).contains("key 'listenPort'");
        assertThat(messages(Level.WARN).get(1)).contains("key 'noSuchKey'");
    }

    @Test
    void aBadValueFailsWithTheFileAndKey() throws IOException {
        Files.writeString(file(), "deleteWhen=25\n");
        assertThatThrownBy(() -> runtimeFile().applyTo(Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run-time config file " + file())
                .hasMessageContaining("key 'deleteWhen'")
                .hasMessageContaining("must be an hour 0..23");

        Files.writeString(file(), "longPollingEnable=perhaps\n");
        assertThatThrownBy(() -> runtimeFile().applyTo(Set.of()))
                .hasMessageContaining(file().toString())
                .hasMessageContaining("'longPollingEnable' must be true or false");

        Files.writeString(file(), "brokerPermission=\\u00zz\n");
        assertThatThrownBy(() -> runtimeFile().applyTo(Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file() + " is not properties text");
    }

    @Test
    void saveKeepsOnlyLiveKeysThatDifferFromTheConfiguredValuesInTableOrder() throws IOException {
        Files.writeString(file(), "listenPort=10999\n");
        RuntimeConfigFile runtimeFile = runtimeFile();
        runtimeFile.save(configured.with("shortPollingTimeMills", 250).with("brokerPermission", 4));

        String text = Files.readString(file());
        assertThat(text).startsWith(RuntimeConfigFile.HEADER);
        assertThat(text.substring(RuntimeConfigFile.HEADER.length()))
                .isEqualTo("brokerPermission=4\nshortPollingTimeMills=250\n");
        assertThat(runtimeFile.applyTo(Set.of()))
                .isEqualTo(configured.with("shortPollingTimeMills", 250).with("brokerPermission", 4));

        runtimeFile.save(configured);
        assertThat(Files.readString(file())).isEqualTo(RuntimeConfigFile.HEADER);
        assertThat(runtimeFile.applyTo(Set.of())).isEqualTo(configured);
    }

    @Test
    void theBackupIsReadWhenTheFileIsMissing() throws IOException {
        RuntimeConfigFile runtimeFile = runtimeFile();
        runtimeFile.save(configured.with("brokerPermission", 4));
        runtimeFile.save(configured.with("brokerPermission", 2));
        Files.delete(file()); // as a stop between the two renames of a save leaves it

        assertThat(runtimeFile.applyTo(Set.of()).brokerPermission()).isEqualTo(4);
        assertThat(messages(Level.WARN)).anySatisfy(m -> assertThat(m).contains("using its backup"));
    }

    private List<String> messages(Level level) {
        return logs.list.stream()
                .filter(e -> e.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
