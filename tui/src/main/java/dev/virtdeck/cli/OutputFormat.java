package dev.virtdeck.cli;

/**
 * {@code -o}: aligned columns for people, JSON for scripts, JSON Lines (one object per line, streamed) for pipes;
 * YAML only for {@code inventory export} (the other verbs refuse it in {@link Virtdeck#checkGlobals}).
 */
public enum OutputFormat {
    table, json, jsonl, yaml
}
