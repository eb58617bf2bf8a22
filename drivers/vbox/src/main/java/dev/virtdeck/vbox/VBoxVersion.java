package dev.virtdeck.vbox;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A VirtualBox release as {@code VBoxManage --version} prints it ({@code 7.0.14r161095},
 * {@code 4.2.16_Ubuntur86992}). The parsers ask it where formats differ between releases
 * (reference/vboxmanage/NOTES-format-changes-by-version.txt).
 *
 * @param raw the version line as printed
 */
public record VBoxVersion(int major, int minor, int build, String raw) {
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)\\S*$");

    /**
     * Parses {@code --version} output. The Linux wrapper script may print a warning block about
     * the vboxdrv module first, so the LAST line that looks like a version wins.
     *
     * @return the version, or null when no line looks like one
     */
    public static VBoxVersion parse(String stdout) {
        VBoxVersion found = null;
        for (String line : stdout.split("\r?\n")) {
            Matcher m = VERSION.matcher(line.strip());
            if (m.matches()) {
                found = new VBoxVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), line.strip());
            }
        }
        return found;
    }

    public boolean atLeast(int maj, int min) {
        return major > maj || major == maj && minor >= min;
    }

    /**
     * 5.0+ escape {@code \} and {@code "} inside quoted machine-readable values (Windows paths show
     * up as {@code C:\\Users}); 4.x printed them raw.
     */
    public boolean escapesValues() {
        return major >= 5;
    }

    /** 7.0+ has the state {@code aborted-saved}. */
    public boolean hasAbortedSaved() {
        return major >= 7;
    }

    /** @return "7.0.14" */
    public String shortText() {
        return major + "." + minor + "." + build;
    }

    @Override
    public String toString() {
        return raw;
    }
}
