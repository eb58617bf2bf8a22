package dev.virtdeck.ssh;

import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs one hypervisor command-line tool ({@code virsh -c URI}, {@code xl}, {@code xm}) and the
 * helper programs its driver needs on one host, each as a {@link RemoteCommand} (so with
 * {@code LC_ALL=C}, and through {@code sudo -n} when the inventory says so), and maps a failed
 * run to the error family. Success is the exit code; which error a failure becomes is decided by
 * what the tool printed on stderr, read through the tool's {@link Errors}.
 *
 * @param host   inventory name of the host, named in errors
 * @param ssh    the host's connection
 * @param sudo   run everything through {@code sudo -n}
 * @param errors how the tool words its failures
 * @param tool   the words that start every tool command, e.g. {@code virsh -c qemu:///system}
 */
public record ToolRunner(String host, SshHost ssh, boolean sudo, Errors errors, List<String> tool) {
    /**
     * How one tool words its failures.
     *
     * @param errorText the tool's error text in its stderr (prefixes and noise removed)
     * @param notFound  true for an error text that says the VM does not exist
     * @param refusal   for an error text that says the request itself was refused (beyond a
     *                  maximum, wrong state, not supported): the message to show; else null
     * @param missing   what to say when the login cannot find the tool itself (and what to do
     *                  about it), or null to report the shell's own words
     */
    public record Errors(Function<String, String> errorText, Predicate<String> notFound,
                         Function<String, String> refusal, String missing) {
        public Errors(Function<String, String> errorText, Predicate<String> notFound,
                      Function<String, String> refusal) {
            this(errorText, notFound, refusal, null);
        }
    }

    public ToolRunner {
        tool = List.copyOf(tool);
    }

    /** @return the tool's words followed by {@code args}, with the host's sudo rule */
    public RemoteCommand command(List<String> args) {
        List<String> argv = new ArrayList<>(tool);
        argv.addAll(args);
        return program(argv);
    }

    /** @return another program ({@code rm}, {@code tee}, ...) with the same sudo rule */
    public RemoteCommand program(List<String> argv) {
        return RemoteCommand.of(argv).withSudo(sudo);
    }

    /** Runs the tool and returns the result whatever the exit code. */
    public ExecResult run(List<String> args) {
        return ssh.exec(command(args));
    }

    /** Runs the tool with its own timeout instead of the host's default. */
    public ExecResult run(Duration timeout, List<String> args) {
        return ssh.exec(command(args), timeout);
    }

    /** Runs the tool and requires exit 0. @param vm the VM concerned (for errors), or null */
    public ExecResult ok(String vm, List<String> args) {
        return require(vm, run(args));
    }

    /** @return {@code r} when it exited 0 @throws VirtdeckException mapped by {@link #failure} */
    public ExecResult require(String vm, ExecResult r) {
        if (!r.ok()) throw failure(vm, r);
        return r;
    }

    /** Maps a failed run of this tool; see {@link #failure(String, String, ExecResult, Errors)}. */
    public VirtdeckException failure(String vm, ExecResult r) {
        return failure(host, vm, r, errors);
    }

    /**
     * Maps a failed run: an error text that names an unknown VM → {@link VmNotFoundException}; one
     * the tool's {@link Errors#refusal} words → {@link InvalidRequestException} with those words;
     * anything else → {@link CommandFailedException} with the full command, exit code and output.
     */
    public static VirtdeckException failure(String host, String vm, ExecResult r, Errors errors) {
        CommandFailedException missing = missingTool(host, vm, r, errors);
        if (missing != null) return missing;
        String why = errors.errorText().apply(r.stderr());
        if (errors.notFound().test(why)) return new VmNotFoundException(host, vm, r.command(), "no such VM");
        String refused = errors.refusal().apply(why);
        if (refused != null) return new InvalidRequestException(host, vm, r.command(), refused);
        return commandFailed(host, vm, r);
    }

    /**
     * The tool is not checked for before it is used (that would cost every host an exec): a run
     * that the shell could not start says so itself, with exit 127 ({@code sh: 1: virsh: not
     * found}), or through sudo with exit 1 and {@code sudo: virsh: command not found}.
     *
     * @return the failure worded by {@link Errors#missing} when {@code r} is such a run, else null
     */
    public static CommandFailedException missingTool(String host, String vm, ExecResult r, Errors errors) {
        if (errors.missing() == null || r.ok()) return null;
        boolean missing = r.exitCode() == 127
                || r.stderr().startsWith("sudo: ") && r.stderr().contains(": command not found");
        return missing ? new CommandFailedException(host, vm, r.command(), r.exitCode(), "", errors.missing()) : null;
    }

    /** @return the failure with the full command, exit code, stdout and stderr */
    public static CommandFailedException commandFailed(String host, String vm, ExecResult r) {
        return new CommandFailedException(host, vm, r.command(), r.exitCode(), r.stdout(), r.stderr());
    }

    /**
     * Runs {@code cmd} with {@code input} on its stdin, closed after it (so the program sees EOF),
     * and returns the result whatever the exit code: nothing lands in a temporary file on the
     * host and the input never appears in a command line.
     *
     * @param vm the VM concerned (for errors), or null
     * @throws OperationTimeoutException when the program has not ended within {@code timeout}
     * @throws CommandFailedException    (exit -1) when the channel fails
     */
    public ExecResult runWithInput(RemoteCommand cmd, byte[] input, Duration timeout, String vm) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try (RemoteProcess p = ssh.start(cmd, false)) {
            OutputStream in = p.stdin();
            in.write(input);
            in.flush();
            in.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            while (true) {
                boolean got = RemoteProcess.copyAvailable(p, out, err);
                if (p.exitStatus() != null || !p.isOpen()) {
                    RemoteProcess.copyAvailable(p, out, err);
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new OperationTimeoutException(host, vm, cmd.shellLine(),
                            "no answer within " + timeout.toSeconds() + " s");
                }
                if (!got) Thread.sleep(20);
            }
            Integer exit = p.exitStatus();
            return new ExecResult(cmd.shellLine(), exit == null ? -1 : exit, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new CommandFailedException(host, vm, cmd.shellLine(), -1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationTimeoutException(host, vm, cmd.shellLine(), "interrupted");
        }
    }
}
