package dev.virtdeck.cli.complete;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An interactive shell on a pseudo-terminal ({@code script -qfec CMD /dev/null}, so its line editor
 * reads keys as typed), its output collected as it prints. The tests bind a key that prints the
 * edited line as {@code <<LINE>>}, read back by {@link #shownLines}.
 */
final class PtyShell implements AutoCloseable {
    private static final Pattern SHOWN = Pattern.compile("<<(.*?)>>");

    private final Process process;
    private final StringBuffer screen = new StringBuffer();
    private final Thread reader;

    private PtyShell(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (var in = process.getInputStream()) {
                byte[] b = new byte[4096];
                for (int n; (n = in.read(b)) > 0; ) screen.append(new String(b, 0, n, StandardCharsets.UTF_8));
            } catch (IOException e) {
                screen.append("\n[read failed: ").append(e).append(']');
            }
        });
        reader.start();
    }

    /** Starts {@code shellCommand} under script(1) with {@code pb}'s directory and environment. */
    static PtyShell start(ProcessBuilder pb, String shellCommand) throws IOException {
        pb.command("script", "-qfec", shellCommand, "/dev/null").redirectErrorStream(true);
        return new PtyShell(pb.start());
    }

    /** @return whether {@code prompt} was printed within {@code seconds} */
    boolean awaitPrompt(String prompt, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!screen.toString().contains(prompt) && System.nanoTime() < deadline) Thread.sleep(50);
        return screen.toString().contains(prompt);
    }

    /** Types ahead: the line editor reads it key by key. */
    void type(String keys) throws IOException {
        process.getOutputStream().write(keys.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** @return whether the shell ended within {@code seconds} */
    boolean waitFor(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    String screen() {
        return screen.toString();
    }

    /** @return every {@code <<LINE>>} printed so far, in order */
    List<String> shownLines() {
        Matcher m = SHOWN.matcher(screen.toString().replace("\r", ""));
        List<String> lines = new ArrayList<>();
        while (m.find()) lines.add(m.group(1));
        return lines;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        reader.join(5000);
    }
}
