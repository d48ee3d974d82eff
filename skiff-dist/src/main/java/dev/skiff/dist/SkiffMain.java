package dev.skiff.dist;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code skiff} command: {@code skiff <command> [options]}. Each command is a process role
 * (name server, standalone server) or a tool; this class only dispatches.
 */
public final class SkiffMain {

    /** One sub-command: runs with the remaining arguments and returns the process exit code. */
    @FunctionalInterface
    interface Command {
        int run(String[] args) throws Exception;
    }

    private record Entry(String usage, String summary, Command command) {}

    private static final Map<String, Entry> COMMANDS = commands();

    private SkiffMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || isHelp(args[0])) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        Entry entry = COMMANDS.get(args[0]);
        if (entry == null) {
            err.println("skiff: unknown command '" + args[0] + "'");
            usage(err);
            return 2;
        }
        System.setProperty("skiff.role", args[0]);
        try {
            return entry.command().run(Arrays.copyOfRange(args, 1, args.length));
        } catch (IllegalArgumentException e) {
            err.println("skiff " + args[0] + ": " + e.getMessage());
            err.println("usage: skiff " + entry.usage());
            return 2;
        } catch (Exception e) {
            err.println("skiff " + args[0] + ": " + e);
            return 1;
        }
    }

    private static boolean isHelp(String arg) {
        return arg.equals("help") || arg.equals("--help") || arg.equals("-h");
    }

    private static void usage(PrintStream out) {
        out.println("usage: skiff <command> [options]");
        out.println();
        COMMANDS.forEach((name, entry) -> out.printf("  %-58s %s%n", entry.usage(), entry.summary()));
        out.printf(
                "  %-58s %s%n",
                "bench compare|run|limits [options]", "benchmarks against Apache RocketMQ (bin/skiff in a checkout)");
    }

    private static Map<String, Entry> commands() {
        Map<String, Entry> commands = new LinkedHashMap<>();
        commands.put(
                "standalone",
                new Entry(
                        StandaloneCommand.USAGE,
                        "name server and broker in one process, data in ./data",
                        StandaloneCommand::run));
        commands.put(
                "namesrv",
                new Entry(
                        NamesrvCommand.USAGE,
                        "a name server, with --controller also a controller peer",
                        NamesrvCommand::run));
        commands.put(
                "broker",
                new Entry(
                        "broker --namesrv host:port[;host:port] [--config FILE] [--listen host:port] [--data DIR]",
                        "a broker",
                        dev.skiff.broker.BrokerMain::run));
        commands.put(
                "controller",
                new Entry(
                        dev.skiff.controller.ControllerMain.USAGE,
                        "one peer of the failover controller (Raft)",
                        dev.skiff.controller.ControllerMain::run));
        commands.put(
                "console",
                new Entry(
                        dev.skiff.console.ConsoleMain.USAGE,
                        "the web console for a cluster",
                        dev.skiff.console.ConsoleMain::run));
        commands.put("version", new Entry("version", "print the version", args -> {
            System.out.println("skiff " + Version.current());
            return 0;
        }));
        return commands;
    }
}
