package dev.knobs.formats.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knobs.formats.InvalidDataException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvReaderTest {
    private static Table read(String text) throws Exception {
        return read(text.getBytes(StandardCharsets.UTF_8), CsvLimits.DEFAULT);
    }

    private static Table read(byte[] bytes, CsvLimits limits) throws Exception {
        return Table.read(new ByteArrayInputStream(bytes), limits);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "age,plan,income\n42,\"gold, plus\",\"1,5\"\n",
                "\uFEFFage,plan,income\n42,\"gold, plus\",\"1,5\"\n",
                "\uFEFF\"age\",\"plan\",\"income\"\r\n42,\"gold, plus\",\"1,5\"\r\n",
                "age;plan;income\n42;gold, plus;1,5\n",
                "\uFEFFage;plan;income\r\n42;\"gold, plus\";1,5\r\n",
                "age\tplan\tincome\n42\tgold, plus\t1,5\n",
            })
    void readsWhatSpreadsheetsSaveCommaSemicolonOrTabWithOrWithoutAByteOrderMark(String csv)
            throws Exception {
        Table t = read(csv);
        assertThat(t.columns()).containsExactly("age", "plan", "income");
        assertThat(t.rows()).hasSize(1);
        assertThat(t.rows().get(0)).containsExactly("42", "gold, plus", "1,5");
    }

    @Test
    void quotesHoldDelimitersQuotesAndLineBreaksAndAStrayQuoteIsText() throws Exception {
        Table t = read("a,b\n\"x \"\"y\"\"\nz\",5'11\"\n\n1,2\n");
        assertThat(t.rows().get(0)).containsExactly("x \"y\"\nz", "5'11\"");
        assertThat(t.rows().get(1)).containsExactly("1", "2");
    }

    @Test
    void everyProblemNamesItsRow() {
        assertThatThrownBy(() -> read("a,b\n1,2\n3\n"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("row 3 has 1 cells but the header has 2 columns");
        assertThatThrownBy(() -> read("a,b\n1,\"2\n"))
                .hasMessageContaining("a quoted cell in row 2 is never closed");
        assertThatThrownBy(() -> read("a,a\n1,2\n")).hasMessageContaining("names column 'a' twice");
        assertThatThrownBy(() -> read("a,b\n1,\0\n")).hasMessageContaining("NUL bytes");
        assertThatThrownBy(() -> read(new byte[] {'a', '\n', (byte) 0xC3, '\n'}, CsvLimits.DEFAULT))
                .hasMessageContaining("is not UTF-8 text");
        assertThatThrownBy(() -> read("")).hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> read("a\n")).hasMessageContaining("no data rows");
    }

    @Test
    void limitsHoldWhileTheFileStreamsIn() {
        CsvLimits small = new CsvLimits(1 << 20, 2, 3, 10);
        assertThatThrownBy(() -> read("a,b,c,d\n".getBytes(), small))
                .hasMessageContaining("more than 3 columns");
        assertThatThrownBy(() -> read("a\n\"0123456789012\"\n".getBytes(), small))
                .hasMessageContaining("longer than 10 characters");
        assertThatThrownBy(() -> read("a\n1\n2\n3\n".getBytes(), small))
                .hasMessageContaining("more than 2 data rows");
        assertThatThrownBy(() -> read("a\n".repeat(20).getBytes(), new CsvLimits(10, 9, 3, 10)))
                .hasMessageContaining("larger than");
    }

    @Test
    void theDelimiterIsTheOneTheHeaderUses() throws Exception {
        try (CsvReader r =
                CsvReader.open(
                        new ByteArrayInputStream("\"a;b\",c,d\n".getBytes()), CsvLimits.DEFAULT)) {
            assertThat(r.delimiter()).isEqualTo(',');
            assertThat(r.header()).isEqualTo(List.of("a;b", "c", "d"));
        }
    }
}
