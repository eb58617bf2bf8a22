package dev.virtdeck.cli;

/** {@code -o}: aligned columns for people, JSON for scripts. */
public enum OutputFormat {
    table, json
}
