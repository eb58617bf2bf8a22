package dev.virtdeck.cli;

import picocli.CommandLine.Parameters;

import java.util.List;

/** A {@link TargetCommand} whose positional parameters are all selectors. */
abstract class SelectorsCommand extends TargetCommand {

    @Parameters(paramLabel = "SELECTOR", arity = "1..*",
            description = "HOST:VM, @GROUP, @GROUP:VM or VM; globs * ? [..] on both sides.")
    List<String> selectors;

    @Override
    protected List<String> selectorTexts() {
        return selectors;
    }
}
