package dev.virtdeck.testlab;

import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.RemoteProcess;
import dev.virtdeck.ssh.SshHost;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A fake {@link SshHost}: each command's argv is matched against rules in order (first match
 * wins), every command is recorded. Unmatched commands fail the test.
 */
public final class ScriptedSsh implements SshHost {
    /** One answer: exit code, stdout, stderr. */
    public record Answer(int exit, String stdout, String stderr) {
        public static Answer ok(String stdout) {
            return new Answer(0, stdout, "");
        }

        public static Answer fail(String stderr) {
            return new Answer(1, "", stderr);
        }
    }

    private record Rule(Predicate<List<String>> when, Function<List<String>, Answer> answer) {
    }

    private final List<Rule> rules = new ArrayList<>();
    public final List<RemoteCommand> commands = new ArrayList<>();
    /** stdin written to processes started with {@link #start}, by command */
    public final List<String> stdins = new ArrayList<>();

    /** Adds a rule matching commands whose argv contains all {@code words} in order. */
    public ScriptedSsh on(List<String> words, Answer answer) {
        return on(argv -> containsInOrder(argv, words), argv -> answer);
    }

    public ScriptedSsh on(Predicate<List<String>> when, Function<List<String>, Answer> answer) {
        rules.add(new Rule(when, answer));
        return this;
    }

    public static boolean containsInOrder(List<String> argv, List<String> words) {
        int i = 0;
        for (String a : argv) {
            if (i < words.size() && a.equals(words.get(i))) i++;
        }
        return i == words.size();
    }

    /** @return the argv of every command run, in order */
    public List<List<String>> argvs() {
        return commands.stream().map(RemoteCommand::argv).toList();
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public synchronized ExecResult exec(RemoteCommand command) {
        commands.add(command);
        Answer a = answer(command);
        return new ExecResult(command.shellLine(), a.exit(), a.stdout(), a.stderr(), Duration.ofMillis(1));
    }

    @Override
    public ExecResult exec(RemoteCommand command, Duration timeout) {
        return exec(command);
    }

    /** A process that answers like {@link #exec} once its stdin is closed. */
    @Override
    public synchronized RemoteProcess start(RemoteCommand command, boolean pty) {
        commands.add(command);
        Answer a = answer(command);
        return new RemoteProcess() {
            private final ByteArrayOutputStream in = new ByteArrayOutputStream() {
                @Override
                public void close() {
                    synchronized (ScriptedSsh.this) {
                        stdins.add(toString(StandardCharsets.UTF_8));
                    }
                }
            };
            private final InputStream out = new ByteArrayInputStream(a.stdout().getBytes(StandardCharsets.UTF_8));
            private final InputStream err = new ByteArrayInputStream(a.stderr().getBytes(StandardCharsets.UTF_8));

            @Override
            public InputStream stdout() {
                return out;
            }

            @Override
            public InputStream stderr() {
                return err;
            }

            @Override
            public OutputStream stdin() {
                return in;
            }

            @Override
            public Integer exitStatus() {
                return a.exit();
            }

            @Override
            public boolean isOpen() {
                return false;
            }

            @Override
            public String command() {
                return command.shellLine();
            }

            @Override
            public void close() {
            }
        };
    }

    private Answer answer(RemoteCommand command) {
        for (Rule r : rules) {
            if (r.when().test(command.argv())) return r.answer().apply(command.argv());
        }
        throw new AssertionError("unexpected command: " + command.shellLine());
    }

    @Override
    public void close() {
    }
}
