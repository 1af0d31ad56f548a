package dev.knobs.formats.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knobs.formats.InvalidDataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerArchiveTest {
    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void aOneFileTrainerBecomesAnArchiveOfThatFile(@TempDir Path dir) throws IOException {
        byte[] zip =
                TrainerArchive.single(
                        "train.py",
                        "print('knobs final score=1')\n".getBytes(StandardCharsets.UTF_8));
        assertThat(TrainerArchive.check(zip)).isEqualTo(1);
        TrainerArchive.unpack(zip, dir);
        assertThat(Files.readString(dir.resolve("train.py"))).contains("knobs final");
        for (String bad : new String[] {"../x.py", "train.sh", "a/b.py", ".py", "x.py.exe"}) {
            assertThatThrownBy(() -> TrainerArchive.single(bad, new byte[] {1}))
                    .as(bad)
                    .isInstanceOf(InvalidDataException.class)
                    .hasMessageContaining("a Python file such as train.py");
        }
        assertThatThrownBy(() -> TrainerArchive.single("train.py", new byte[0]))
                .hasMessageContaining("empty");
    }

    @Test
    void aTrainerUnpacksBelowItsFolderWithItsScriptsExecutable(@TempDir Path dir) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("train.sh", "echo score=1\n".getBytes(StandardCharsets.UTF_8));
        files.put("lib/util.py", "x = 1\n".getBytes(StandardCharsets.UTF_8));
        byte[] archive = zip(files);
        assertThat(TrainerArchive.check(archive)).isEqualTo(2);
        assertThat(TrainerArchive.unpack(archive, dir.resolve("work"))).isEqualTo(2);
        assertThat(dir.resolve("work/train.sh")).isExecutable();
        assertThat(dir.resolve("work/lib/util.py")).hasContent("x = 1");
    }

    @Test
    void entriesThatLeaveTheFolderAreRefusedAndNothingLandsOutside(@TempDir Path dir)
            throws Exception {
        for (String name : new String[] {"../evil.sh", "a/../../evil.sh", "/etc/evil", "C:/evil"}) {
            byte[] archive = zip(Map.of(name, new byte[] {1}));
            assertThatThrownBy(() -> TrainerArchive.check(archive))
                    .isInstanceOf(InvalidDataException.class)
                    .hasMessageContaining("outside the trainer's folder");
            assertThatThrownBy(() -> TrainerArchive.unpack(archive, dir.resolve("work")))
                    .isInstanceOf(InvalidDataException.class);
        }
        assertThat(Files.exists(dir.resolve("evil.sh"))).isFalse();
    }

    @Test
    void aZipBombIsStoppedByWhatItUnpacksNotByWhatItClaims() throws Exception {
        byte[] bomb =
                zip(Map.of("big.bin", new byte[(int) (TrainerArchive.MAX_UNPACKED_BYTES / 8)]));
        assertThat(bomb.length).isLessThan(1 << 20);
        // eight copies of the same entry name pass the limit together
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 9; i++) {
            many.put("part" + i + ".bin", new byte[(int) (TrainerArchive.MAX_UNPACKED_BYTES / 8)]);
        }
        assertThatThrownBy(() -> TrainerArchive.check(zip(many)))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("unpacks to more than");
        assertThat(TrainerArchive.check(bomb)).isEqualTo(1);
    }

    @Test
    void whatIsNotAZipGetsASentence() throws Exception {
        byte[] good = zip(Map.of("train.sh", new byte[] {1, 2, 3}));
        for (byte[] bad :
                new byte[][] {
                    new byte[0],
                    "#!/bin/sh".getBytes(StandardCharsets.UTF_8),
                    Arrays.copyOf(good, 30),
                    zip(Map.of())
                }) {
            assertThatThrownBy(() -> TrainerArchive.check(bad))
                    .isInstanceOf(InvalidDataException.class)
                    .hasMessageContaining("trainer archive");
        }
    }
}
