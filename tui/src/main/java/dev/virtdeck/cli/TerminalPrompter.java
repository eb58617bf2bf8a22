package dev.virtdeck.cli;

import dev.virtdeck.ssh.Prompter;
import dev.virtdeck.term.RawTerminal;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Asks for passphrases and passwords on the controlling terminal, one prompt at a time (hosts
 * connect in parallel). Used only when stdin is a terminal; otherwise the CLI uses
 * {@link Prompter#NONE} and never waits for input.
 */
final class TerminalPrompter implements Prompter {

    @Override
    public synchronized char[] passphrase(String keyFile) {
        return ask("Enter passphrase for key '" + keyFile + "': ");
    }

    @Override
    public synchronized char[] password(String userAtHost) {
        return ask(userAtHost + "'s password: ");
    }

    private static char[] ask(String prompt) {
        Console console = System.console();
        if (console != null) return console.readPassword("%s", prompt);
        return askOnTty(prompt); // stdout is redirected: talk to /dev/tty directly
    }

    private static char[] askOnTty(String prompt) {
        String saved = RawTerminal.stty("-g");
        if (saved == null) return null;
        try (RandomAccessFile tty = new RandomAccessFile(new File("/dev/tty"), "rw")) {
            RawTerminal.stty("-echo");
            tty.write(prompt.getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c;
            while ((c = tty.read()) != -1 && c != '\n' && c != '\r') line.write(c);
            tty.write('\n');
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(line.toByteArray()));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            return out;
        } catch (IOException e) {
            return null;
        } finally {
            RawTerminal.stty(saved);
        }
    }
}
