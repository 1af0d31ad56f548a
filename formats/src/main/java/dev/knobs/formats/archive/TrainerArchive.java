package dev.knobs.formats.archive;

import dev.knobs.formats.InvalidDataException;
import dev.knobs.formats.Sizes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * A custom trainer's zip archive, read within limits: entries only below the trial's folder (no
 * absolute paths, no {@code ..}), at most {@value #MAX_ENTRIES} of them and {@link
 * #MAX_UNPACKED_BYTES} unpacked — counted while reading, never taken from the archive's own headers
 * — so a zip bomb or a crafted archive is refused with a sentence. The front checks an upload with
 * it; the launcher unpacks with it.
 */
public final class TrainerArchive {
    public static final int MAX_ENTRIES = 10_000;
    public static final long MAX_UNPACKED_BYTES = 512L << 20;

    private TrainerArchive() {}

    /**
     * A one-file trainer (a single {@code .py}) as an archive holding it under {@code fileName}
     * (letters, digits, {@code _ . -}, ending in {@code .py}).
     */
    public static byte[] single(String fileName, byte[] content) {
        if (fileName == null || !fileName.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}\\.py")) {
            throw new InvalidDataException(
                    "a one-file trainer is a Python file such as train.py (letters, digits, _ . -)");
        }
        if (content == null || content.length == 0) {
            throw new InvalidDataException("the trainer file is empty");
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry(fileName));
            out.write(content);
            out.closeEntry();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Checks a whole archive; yields how many files it holds. */
    public static int check(byte[] zip) {
        return walk(zip, null);
    }

    /** Unpacks an archive into {@code into}, within the same limits; yields how many files. */
    public static int unpack(byte[] zip, Path into) throws IOException {
        Files.createDirectories(into);
        try {
            return walk(zip, into.toAbsolutePath().normalize());
        } catch (UncheckedUnpack e) {
            throw e.getCause();
        }
    }

    private static int walk(byte[] zip, Path into) {
        if (zip == null || zip.length == 0) {
            throw new InvalidDataException("the trainer archive is empty: upload a zip file");
        }
        int files = 0;
        long unpacked = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            int entries = 0;
            while ((entry = in.getNextEntry()) != null) {
                if (++entries > MAX_ENTRIES) {
                    throw new InvalidDataException(
                            "the trainer archive has more than " + MAX_ENTRIES + " entries");
                }
                String name = entry.getName();
                Path target = safe(name, into);
                if (entry.isDirectory()) {
                    mkdirs(target);
                    continue;
                }
                files++;
                unpacked += copy(in, target, MAX_UNPACKED_BYTES - unpacked);
            }
        } catch (ZipException e) {
            throw new InvalidDataException(
                    "the trainer archive is not a readable zip file (" + e.getMessage() + ")");
        } catch (IOException e) {
            if (into != null) {
                throw new UncheckedUnpack(e);
            }
            throw new InvalidDataException(
                    "the trainer archive could not be read (" + e.getMessage() + ")");
        }
        if (files == 0) {
            throw new InvalidDataException(
                    "the trainer archive holds no files: a trainer is a zip with at least one file");
        }
        return files;
    }

    /** Where an entry goes, refusing names that would leave the trial's folder. */
    private static Path safe(String name, Path into) {
        String n = name.replace('\\', '/');
        if (n.isBlank()
                || n.startsWith("/")
                || n.matches("^[A-Za-z]:.*")
                || ("/" + n + "/").contains("/../")
                || n.indexOf('\0') >= 0) {
            throw new InvalidDataException(
                    "the trainer archive's entry '"
                            + name
                            + "' points outside the trainer's folder; use relative paths");
        }
        if (into == null) {
            return null;
        }
        Path target = into.resolve(n).normalize();
        if (!target.startsWith(into)) {
            throw new InvalidDataException(
                    "the trainer archive's entry '"
                            + name
                            + "' points outside the trainer's folder");
        }
        return target;
    }

    private static void mkdirs(Path dir) {
        if (dir != null) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedUnpack(e);
            }
        }
    }

    /** Copies (or, without a target, counts) one entry, at most {@code room} bytes of it. */
    private static long copy(InputStream in, Path target, long room) throws IOException {
        if (target != null) {
            Files.createDirectories(target.getParent());
        }
        OutputStream out =
                target == null ? OutputStream.nullOutputStream() : Files.newOutputStream(target);
        long n = 0;
        try (out) {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) > 0) {
                n += read;
                if (n > room) {
                    throw new InvalidDataException(
                            "the trainer archive unpacks to more than "
                                    + Sizes.show(MAX_UNPACKED_BYTES)
                                    + "; Knobs takes at most that");
                }
                out.write(buffer, 0, read);
            }
        }
        if (target != null
                && (target.toString().endsWith(".sh") || target.getParent().endsWith("bin"))) {
            target.toFile().setExecutable(true);
        }
        return n;
    }

    /** An I/O failure while unpacking: the launcher's problem, not the archive's. */
    private static final class UncheckedUnpack extends RuntimeException {
        UncheckedUnpack(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
