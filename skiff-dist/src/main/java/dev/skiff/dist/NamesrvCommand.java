package dev.skiff.dist;

import dev.skiff.common.SkiffClock;
import dev.skiff.controller.ControllerMain;
import dev.skiff.controller.metrics.ControllerMetrics;
import dev.skiff.controller.server.ControllerConfig;
import dev.skiff.controller.server.ControllerServer;
import dev.skiff.namesrv.NamesrvMain;
import java.util.Arrays;

/**
 * {@code skiff namesrv [name-server flags] [--controller CONTROLLER-FLAGS]}: a name server, and with
 * {@code --controller} also one peer of the failover controller in the same process — the flags
 * after {@code --controller} are those of {@code skiff controller} ({@code --id --listen --peers
 * --data ...}, and {@code --metrics HOST:PORT} for the peer's {@code /metrics}), so three name
 * servers can carry the controller's three peers. The peer starts first
 * (bad controller flags stop the command before the name server binds) and stops when the process
 * does.
 */
final class NamesrvCommand {
    static final String USAGE = "namesrv [--listen host:port] [--data DIR] [--config FILE]"
            + " [--controller --id ID --listen HOST:PORT --peers ID=HOST:RAFTPORT,... --data DIR]";

    private NamesrvCommand() {}

    static int run(String[] args) throws Exception {
        int at = Arrays.asList(args).indexOf("--controller");
        if (at < 0) {
            return NamesrvMain.run(args);
        }
        String[] namesrvArgs = Arrays.copyOfRange(args, 0, at);
        String[] controllerArgs = Arrays.copyOfRange(args, at + 1, args.length);
        ControllerConfig config;
        try {
            config = ControllerMain.parse(controllerArgs);
        } catch (IllegalArgumentException e) {
            System.err.println("namesrv --controller: " + e.getMessage());
            System.err.println("usage: skiff " + USAGE);
            return 2;
        }
        ControllerServer controller =
                new ControllerServer(config, SkiffClock.system(), ControllerMain.security(controllerArgs));
        ControllerMetrics metrics;
        try {
            controller.start();
            System.out.println("skiff controller " + config.peerId() + " listening on " + controller.address());
            metrics = ControllerMain.startMetrics(controller, controllerArgs);
        } catch (Exception e) {
            System.err.println("namesrv --controller: cannot start the controller peer: " + e.getMessage());
            controller.close();
            return 1;
        }
        Runnable stop = () -> {
            if (metrics != null) {
                metrics.close();
            }
            controller.close();
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "controller-shutdown"));
        try {
            return NamesrvMain.run(namesrvArgs);
        } finally {
            stop.run();
        }
    }
}
