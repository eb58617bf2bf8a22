package dev.virtdeck.cli;

/** {@code -o}: aligned columns for people, JSON for scripts, JSON Lines (one object per line, streamed) for pipes. */
public enum OutputFormat {
    table, json, jsonl
}
