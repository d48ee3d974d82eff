package dev.skiff.broker.filter;

/** A message's properties as a SQL92 filter reads them: a value by name, null when absent. */
@FunctionalInterface
public interface PropertySource {
    String get(String name);
}
