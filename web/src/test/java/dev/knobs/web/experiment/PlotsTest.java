package dev.knobs.web.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.knobs.domain.space.SearchSpaceParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class PlotsTest {
    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static final List<Plots.Point> POINTS =
            List.of(
                    new Plots.Point(1, Map.of("lr", 0.01, "depth", 3L, "opt", "adam"), 0.70),
                    new Plots.Point(2, Map.of("lr", 0.1, "depth", 6L, "opt", "sgd"), 0.80),
                    new Plots.Point(4, Map.of("lr", 0.001, "depth", 2L, "opt", "adam"), 0.75),
                    new Plots.Point(5, Map.of("lr", 0.05, "depth", 8L, "opt", "sgd"), 0.90));

    @Test
    void theHistoryHasAPointPerTrialAndTheBestSoFarAsASteppedLine() throws Exception {
        Document svg = parse(Plots.history("acc<uracy>", true, POINTS));
        NodeList circles = svg.getElementsByTagName("circle");
        assertThat(circles.getLength()).isEqualTo(4);
        assertThat(circles.item(3).getTextContent()).isEqualTo("trial 5: acc<uracy> 0.9");
        Element best = (Element) svg.getElementsByTagName("polyline").item(0);
        String[] vertices = best.getAttribute("points").split(" ");
        // the best so far only rises when maximising: its y (pixels, downwards) never grows
        double previous = Double.MAX_VALUE;
        for (String v : vertices) {
            double y = Double.parseDouble(v.split(",")[1]);
            assertThat(y).isLessThanOrEqualTo(previous);
            previous = y;
        }
        assertThat(svg.getElementsByTagName("title").item(0).getTextContent())
                .isEqualTo("Optimisation history");
    }

    @Test
    void parallelCoordinatesDrawOneLinePerTrialOverEveryParameterWithTheBestLast()
            throws Exception {
        Document svg =
                parse(
                        Plots.parallelCoordinates(
                                "accuracy",
                                true,
                                SearchSpaceParser.parse(
                                        "lr = 0.001 ~ 0.1 log\ndepth: 2..8\nopt in [adam, sgd]\nepochs = 5"),
                                POINTS));
        NodeList lines = svg.getElementsByTagName("polyline");
        assertThat(lines.getLength()).isEqualTo(4);
        Element last = (Element) lines.item(3);
        assertThat(last.getAttribute("class")).isEqualTo("trial best");
        assertThat(last.getTextContent()).isEqualTo("trial 5 (best)");
        // three parameter axes (the fixed one is left out) and the objective
        assertThat(last.getAttribute("points").split(" ")).hasSize(4);
        String text = svg.getDocumentElement().getTextContent();
        assertThat(text)
                .contains("lr", "depth", "opt", "adam", "sgd", "accuracy")
                .doesNotContain("epochs");
    }

    @Test
    void withoutSucceededTrialsThePlotSaysSo() throws Exception {
        Document svg = parse(Plots.history("rmse", false, List.of()));
        assertThat(svg.getDocumentElement().getTextContent())
                .contains("no trial has succeeded yet");
    }

    @Test
    void logAxesPlaceTheMiddleOfADecadeInTheMiddle() {
        Plots.Scale log = new Plots.Scale(0.001, 0.1, 100, 0, true);
        assertThat(log.at(0.01)).isCloseTo(50, within(1e-9));
    }
}
