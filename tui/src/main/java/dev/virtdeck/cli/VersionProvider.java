package dev.virtdeck.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code --version}: the Maven project version, filtered into a resource at build time. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[]{"virtdeck " + version(), "Java " + System.getProperty("java.version")};
    }

    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/virtdeck-version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
