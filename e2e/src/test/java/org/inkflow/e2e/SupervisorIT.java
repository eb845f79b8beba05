package org.inkflow.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.inkflow.localstack.ChildProcess;
import org.inkflow.localstack.FreePorts;
import org.inkflow.localstack.KafkaBroker;
import org.inkflow.localstack.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's supervisor restarts a real service process after kill -9, and not once it is closed. */
class SupervisorIT {

    @TempDir
    Path state;

    @Test
    void aKilledServiceIsRestartedCountedAndReadyAgain() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        // The crawler is the lightest service: no model, no image decoding at start.
        InkflowService service = InkflowService.CRAWLER;
        Files.createDirectories(state.resolve("logs"));
        List<String> log = new CopyOnWriteArrayList<>();
        Platform.Settings settings = new Platform.Settings(root, state, false, false, Map.of(), Map.of(), log::add);
        int port = FreePorts.next();
        String ready = "http://127.0.0.1:" + port + "/q/health/ready";
        try (KafkaBroker kafka = KafkaBroker.start(0);
             S3ProxyServer s3 = S3ProxyServer.start(0, S3ProxyServer.Storage.TRANSIENT, state.resolve("s3"));
             Supervisor supervisor = new Supervisor(new RestartBackoff(Duration.ofMillis(200), Duration.ofSeconds(2),
                     Duration.ofSeconds(60)), Clock.systemUTC(), state, log::add)) {
            ChildProcess first = supervisor.supervise(service.module(),
                    () -> Platform.serviceProcess(settings, service, port, kafka.bootstrapServers(), s3.endpoint()));
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Platform.httpStatus(ready) == 200);

            ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly(); // SIGKILL on Unix, as kill -9

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> supervisor.restartCounts().get(service.module()) == 1
                            && supervisor.current(service.module()).pid() != first.pid()
                            && Platform.httpStatus(ready) == 200);
            assertFalse(first.isAlive());
            assertTrue(log.stream().anyMatch(l -> l.equals("inkflow: crawler-svc exited with 137; restarting in 200 ms (restart 1)")),
                    "restart printed: " + log);
            assertTrue(Files.readString(state.resolve("restarts.properties")).contains("crawler-svc=1"));

            ChildProcess second = supervisor.current(service.module());
            assertNotEquals(first.pid(), second.pid());
            supervisor.close();
            assertFalse(second.isAlive(), "closing the supervisor stops its processes");
            assertEquals(1, supervisor.restartCounts().get(service.module()), "no restart during shutdown");
        }
    }
}
