package dev.virtdeck.ssh;

/**
 * Asks the user for secrets during authentication. Implementations may prompt on a terminal; a
 * method returning {@code null} means "cannot ask" and the SSH layer then fails with a clear error
 * instead of hanging. Secrets are never logged or stored.
 */
public interface Prompter {
    /** Never prompts: encrypted keys and passwords then fail clearly (scripts, no terminal). */
    Prompter NONE = new Prompter() {
        @Override
        public char[] passphrase(String keyFile) {
            return null;
        }

        @Override
        public char[] password(String userAtHost) {
            return null;
        }
    };

    /** @return the passphrase of an encrypted private key file, or null when nobody can be asked */
    char[] passphrase(String keyFile);

    /** @return the password for {@code user@host}, or null when nobody can be asked */
    char[] password(String userAtHost);
}
