package dev.skiff.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which package depends on which, with one class-to-class reference kept per edge as the example
 * an error message names. Cycles are found as the strongly connected components of more than one
 * package (Tarjan's algorithm); a package's references to itself are not edges.
 */
final class PackageGraph {
    /** from package -> (to package -> an example "FromClass -> ToClass"). */
    private final Map<String, Map<String, String>> edges = new TreeMap<>();

    /** Records that class {@code from} refers to class {@code to} (binary names). */
    void add(String from, String to) {
        String a = packageOf(from);
        String b = packageOf(to);
        edges.computeIfAbsent(a, k -> new TreeMap<>());
        edges.computeIfAbsent(b, k -> new TreeMap<>());
        if (!a.equals(b)) {
            edges.get(a).putIfAbsent(b, from + " -> " + to);
        }
    }

    Set<String> packages() {
        return edges.keySet();
    }

    /** The packages {@code from} depends on. */
    Set<String> dependenciesOf(String from) {
        return edges.getOrDefault(from, Map.of()).keySet();
    }

    /** Why {@code from} depends on {@code to}: one class reference, or null when it does not. */
    String example(String from, String to) {
        return edges.getOrDefault(from, Map.of()).get(to);
    }

    /** Every set of two or more packages that reach each other, each sorted; empty when acyclic. */
    List<Set<String>> cycles() {
        return new Tarjan().run();
    }

    /** A readable account of {@link #cycles()}: each cycle's packages and, per edge inside it, an example. */
    String describeCycles() {
        StringBuilder sb = new StringBuilder();
        for (Set<String> cycle : cycles()) {
            sb.append("package cycle ").append(cycle).append(':');
            for (String from : cycle) {
                for (String to : dependenciesOf(from)) {
                    if (cycle.contains(to)) {
                        sb.append("\n  ")
                                .append(from)
                                .append(" -> ")
                                .append(to)
                                .append(" (e.g. ")
                                .append(example(from, to))
                                .append(')');
                    }
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    /** Tarjan's strongly connected components; recursive, as the graph has about ten packages. */
    private final class Tarjan {
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<Set<String>> found = new ArrayList<>();
        private int next;

        List<Set<String>> run() {
            for (String p : edges.keySet()) {
                if (!index.containsKey(p)) {
                    visit(p);
                }
            }
            return found;
        }

        private void visit(String p) {
            index.put(p, next);
            low.put(p, next);
            next++;
            stack.push(p);
            onStack.add(p);
            for (String q : dependenciesOf(p)) {
                if (!index.containsKey(q)) {
                    visit(q);
                    low.put(p, Math.min(low.get(p), low.get(q)));
                } else if (onStack.contains(q)) {
                    low.put(p, Math.min(low.get(p), index.get(q)));
                }
            }
            if (low.get(p).equals(index.get(p))) {
                Set<String> component = new TreeSet<>();
                String q;
                do {
                    q = stack.pop();
                    onStack.remove(q);
                    component.add(q);
                } while (!q.equals(p));
                if (component.size() > 1) {
                    found.add(component);
                }
            }
        }
    }
}
