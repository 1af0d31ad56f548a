// Builds an OCI image tarball with Jib's core library, without a Docker daemon or a registry: an
// empty base, the root filesystem from build-rootfs.sh, and an application folder, each a layer,
// with file modes kept. Used by the `image` profiles of web and functions (a Quarkus application
// folder, target/quarkus-app); run with Java's single-file launcher:
//   java --class-path <jib-core and its dependencies> ImageBuilder.java \
//        <out.tar> <image name> <rootfs dir> <app dir> <app path in image> <entrypoint...>
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

public class ImageBuilder {
    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println("usage: ImageBuilder <out.tar> <image name> <rootfs dir> <app dir> <app path> <entrypoint...>");
            System.exit(64);
        }
        Path out = Path.of(args[0]);
        Path rootfs = Path.of(args[2]);
        Path app = Path.of(args[3]);
        AbsoluteUnixPath appPath = AbsoluteUnixPath.get(args[4]);
        List<String> entrypoint = Arrays.asList(args).subList(5, args.length);
        JibContainerBuilder image = Jib.fromScratch()
                .setFormat(ImageFormat.OCI)
                .addFileEntriesLayer(layer("runtime", rootfs, AbsoluteUnixPath.get("/")))
                .addFileEntriesLayer(layer("application", app, appPath))
                .setEntrypoint(entrypoint)
                .setUser("1000:1000")
                .setWorkingDirectory(AbsoluteUnixPath.get("/work"))
                .setEnvironment(Map.of("JAVA_HOME", "/opt/java", "PATH", "/opt/java/bin"))
                .addExposedPort(Port.tcp(8080));
        image.containerize(Containerizer.to(TarImage.at(out).named(args[1])));
        System.out.println("image: built " + args[1] + " at " + out);
    }

    /** A layer with every file under {@code source}, at {@code target}, keeping each file's mode. */
    static FileEntriesLayer layer(String name, Path source, AbsoluteUnixPath target) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        try (var children = Files.list(source)) {
            for (Path child : children.sorted().toList()) {
                // the folder's children, not the folder: "/" itself cannot be a layer entry
                layer.addEntryRecursive(child, target.resolve(child.getFileName().toString()), (file, inContainer) -> mode(file));
            }
        }
        return layer.build();
    }

    static FilePermissions mode(Path file) {
        try {
            return FilePermissions.fromPosixFilePermissions(Files.getPosixFilePermissions(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
