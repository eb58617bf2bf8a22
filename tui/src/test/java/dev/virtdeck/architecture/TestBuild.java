package dev.virtdeck.architecture;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds code at test time the way a separate module would be built: compiled against this test
 * run's class path (surefire sets {@code java.class.path} to it in the forked JVM) and jarred.
 */
final class TestBuild {

    private TestBuild() {
    }

    /** @return the class path of this test run: every virtdeck module and its dependencies */
    static String classPath() {
        return System.getProperty("java.class.path");
    }

    /** Compiles every {@code .java} file under {@code sourceRoot} into {@code classes}. */
    static void compile(Path sourceRoot, Path classes) throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        if (sources.isEmpty()) throw new IllegalArgumentException("no Java sources under " + sourceRoot);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("--release", "17", "-proc:none", "-classpath", classPath(),
                    "-d", classes.toString());
            if (!javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources)).call()) {
                throw new AssertionError("javac failed on " + sourceRoot + ":\n" + diagnostics.getDiagnostics().stream()
                        .map(Object::toString).collect(Collectors.joining("\n")));
            }
        }
    }

    /** Writes a jar holding the files under each root, at their paths relative to it. */
    static void jar(Path jar, Path... roots) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Path root : roots) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        out.putNextEntry(new JarEntry(root.relativize(f).toString().replace('\\', '/')));
                        Files.copy(f, (OutputStream) out);
                        out.closeEntry();
                    }
                }
            }
        }
    }
}
