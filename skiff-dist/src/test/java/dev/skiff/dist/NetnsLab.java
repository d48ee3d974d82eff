package dev.skiff.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small private network of Linux network namespaces for partition tests. Never touches the
 * host's interfaces, addresses or routes: every link is created directly inside the namespaces.
 *
 * <p>Layout, for nodes {@code a, b, ...} of a lab tagged {@code T} owned by JVM {@code PID}:
 *
 * <pre>
 *   namespace skiff-PID-T-hub:  bridge br0, one veth end per node (h0, h1, ...) enslaved to it
 *   namespace skiff-PID-T-a:    lo up, eth0 (peer of h0) = 10.213.N.10/24
 *   namespace skiff-PID-T-b:    lo up, eth0 (peer of h1) = 10.213.N.11/24
 * </pre>
 *
 * {@code N} is random (1..254), re-drawn while any host interface holds an address in {@code
 * 10.213.N.0/24}. A process runs in a node with {@link #exec} ({@code ip netns exec} execs, so the
 * started process's pid is the program's). {@link #cut} puts a blackhole route to the other node's
 * /32 in each of the two namespaces (packets between them are dropped in both directions, new
 * connections fail); {@link #heal} deletes both routes. Only the lab's namespaces are changed.
 *
 * <p>Cleanup: {@link #close} (also run by a JVM shutdown hook) deletes every namespace the lab
 * made, which removes its veths and bridge. Creating a lab first deletes namespaces named {@code
 * skiff-PID-*} whose owning pid is no longer alive (left by a JVM that was killed).
 */
final class NetnsLab implements AutoCloseable {
    private static final Pattern OWNED = Pattern.compile("skiff-(\\d+)-.*");
    private static final int COMMAND_TIMEOUT_S = 20;

    private final String prefix;
    private final String hub;
    private final Map<String, String> namespaces = new LinkedHashMap<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final List<String> made = new ArrayList<>();
    private final Thread hook = new Thread(this::deleteAll, "netns-lab-cleanup");
    private boolean closed;

    private NetnsLab(String tag) {
        this.prefix = "skiff-" + ProcessHandle.current().pid() + "-" + tag + "-";
        this.hub = prefix + "hub";
    }

    /**
     * Why a lab cannot be built here (not root, no {@code ip}, namespaces refused), or null when
     * it can: creates and deletes one probe namespace.
     */
    static String unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "network namespaces need root (running as " + System.getProperty("user.name") + ")";
        }
        String probe = "skiff-" + ProcessHandle.current().pid() + "-probe";
        try {
            run("ip", "netns", "add", probe);
            run("ip", "netns", "del", probe);
            return null;
        } catch (IOException | RuntimeException e) {
            return "ip netns does not work here: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Builds the hub and one namespace per node ({@code nodes} are short names: {@code [a-z0-9]{1,8}}). */
    static NetnsLab create(String tag, List<String> nodes) throws IOException, InterruptedException {
        if (nodes.isEmpty() || nodes.size() > 200) {
            throw new IllegalArgumentException("1..200 nodes, not " + nodes.size());
        }
        removeStale();
        NetnsLab lab = new NetnsLab(tag);
        Runtime.getRuntime().addShutdownHook(lab.hook);
        try {
            lab.build(freeSubnet(), nodes);
        } catch (IOException | InterruptedException | RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void build(int subnet, List<String> nodes) throws IOException, InterruptedException {
        addNamespace(hub);
        run("ip", "-n", hub, "link", "add", "br0", "type", "bridge");
        run("ip", "-n", hub, "link", "set", "br0", "up");
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i);
            if (!node.matches("[a-z0-9]{1,8}")) {
                throw new IllegalArgumentException("node name " + node);
            }
            String ns = prefix + node;
            String address = "10.213." + subnet + "." + (10 + i);
            addNamespace(ns);
            namespaces.put(node, ns);
            addresses.put(node, address);
            String hubEnd = "h" + i;
            run("ip", "link", "add", hubEnd, "netns", hub, "type", "veth", "peer", "name", "eth0", "netns", ns);
            run("ip", "-n", hub, "link", "set", hubEnd, "master", "br0");
            run("ip", "-n", hub, "link", "set", hubEnd, "up");
            run("ip", "-n", ns, "addr", "add", address + "/24", "dev", "eth0");
            run("ip", "-n", ns, "link", "set", "eth0", "up");
        }
    }

    private void addNamespace(String ns) throws IOException, InterruptedException {
        run("ip", "netns", "add", ns);
        made.add(ns);
        run("ip", "-n", ns, "link", "set", "lo", "up");
    }

    /** A third octet whose /24 no host interface uses. */
    private static int freeSubnet() throws IOException, InterruptedException {
        String host = run("ip", "-o", "-4", "addr", "show");
        for (int attempt = 0; attempt < 100; attempt++) {
            int n = ThreadLocalRandom.current().nextInt(1, 255);
            if (!host.contains(" 10.213." + n + ".")) {
                return n;
            }
        }
        throw new IllegalStateException("no free 10.213.N.0/24 after 100 draws");
    }

    /** Deletes {@code skiff-PID-*} namespaces whose owning pid is dead. */
    static void removeStale() throws IOException, InterruptedException {
        for (String line : run("ip", "netns", "list").split("\n")) {
            String name = line.trim().split("\\s+")[0];
            Matcher m = OWNED.matcher(name);
            if (m.matches()
                    && ProcessHandle.of(Long.parseLong(m.group(1)))
                            .map(ProcessHandle::isAlive)
                            .isEmpty()) {
                System.out.println("removing stale namespace " + name);
                tryRun("ip", "netns", "del", name);
            }
        }
    }

    /** The node's address (the namespace's eth0). */
    String address(String node) {
        String a = addresses.get(node);
        if (a == null) {
            throw new IllegalArgumentException("no node " + node);
        }
        return a;
    }

    /** The command prefix that runs a program inside {@code node}. */
    List<String> exec(String node) {
        address(node);
        return List.of(ip(), "netns", "exec", namespaces.get(node));
    }

    /** Drops every packet between {@code a} and {@code b}, both ways. */
    void cut(String a, String b) throws IOException, InterruptedException {
        cut(a, List.of(b));
    }

    /**
     * Drops every packet between {@code a} and each of {@code others}, both ways. {@code a}'s
     * routes go in first, in one {@code ip -batch} (so {@code a} is cut from all of them at one
     * moment), then each other side's. Returns the {@link System#nanoTime} at which {@code a}'s
     * side was in place.
     */
    long cut(String a, List<String> others) throws IOException, InterruptedException {
        return routes("add", a, others);
    }

    /** Undoes {@link #cut(String, List)}, {@code a}'s side first. */
    void heal(String a, List<String> others) throws IOException, InterruptedException {
        routes("del", a, others);
    }

    /** Undoes {@link #cut(String, String)}. */
    void heal(String a, String b) throws IOException, InterruptedException {
        heal(a, List.of(b));
    }

    private long routes(String verb, String a, List<String> others) throws IOException, InterruptedException {
        StringBuilder batch = new StringBuilder();
        for (String b : others) {
            batch.append("route ")
                    .append(verb)
                    .append(" blackhole ")
                    .append(address(b))
                    .append("/32\n");
        }
        runWithInput(batch.toString(), "ip", "-n", namespaces.get(a), "-batch", "-");
        long aDone = System.nanoTime();
        for (String b : others) {
            run("ip", "-n", namespaces.get(b), "route", verb, "blackhole", address(a) + "/32");
        }
        return aDone;
    }

    @Override
    public void close() {
        deleteAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or ran
        }
    }

    private synchronized void deleteAll() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = made.size() - 1; i >= 0; i--) {
            tryRun("ip", "netns", "del", made.get(i));
        }
    }

    private static void tryRun(String... command) {
        try {
            run(command);
        } catch (IOException | RuntimeException e) {
            System.out.println("netns cleanup: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code command} (bounded); returns its output; a non-zero exit is an error naming it. */
    static String run(String... command) throws IOException, InterruptedException {
        return runWithInput(null, command);
    }

    /** As {@link #run}, with {@code input} (if not null) on the command's standard input. */
    static String runWithInput(String input, String... command) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of(command));
        if (c.get(0).equals("ip")) {
            c.set(0, ip());
        }
        Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            if (input != null) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", c) + ": no exit within " + COMMAND_TIMEOUT_S + " s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", c) + " exited " + p.exitValue() + ": " + out.trim());
        }
        return out;
    }

    private static String ip() {
        for (String candidate : List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "ip";
    }
}
