package dev.vitface.eval;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    private static final String HOSTILE_NAME = "val/<img src=x onerror=alert(1)>&\"'.jpg";

    private static String page() {
        List<UnmatchedFile> unmatched = List.of(new UnmatchedFile(HOSTILE_NAME, UnmatchedFile.Missing.LABEL, "p.csv", 3));
        return HtmlReport.render(SixFaces.evaluation(unmatched, List.of()), 2);
    }

    @Test
    void isSelfContained() {
        String html = page();
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.contains("<link"), "no style sheets");
        assertFalse(html.contains("url("), "no fetched CSS resources");
        assertFalse(html.contains("<img"), "no images: the charts are inline SVG");
        String withoutSvgNamespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertFalse(withoutSvgNamespace.contains("http:") || withoutSvgNamespace.contains("https:"), "no links out");
    }

    @Test
    void saysTheAttributesArePerceivedAndWhatTheModelCardForbids() {
        String html = page();
        assertTrue(html.contains("<title>vitface evaluation: perceived age, gender and race</title>"));
        assertTrue(html.contains("<strong>Perceived attributes.</strong>"));
        assertTrue(html.contains("surveillance"));
        assertTrue(html.contains("automated decisions about individuals"));
        for (String heading : List.of("<h2>Perceived age</h2>", "<h2>Perceived gender</h2>", "<h2>Perceived race</h2>")) {
            assertTrue(html.contains(heading), heading);
        }
    }

    @Test
    void escapesFileNames() {
        String html = page();
        assertFalse(html.contains("<img src=x"));
        assertTrue(html.contains("val/&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;.jpg"));
    }

    @Test
    void hasAHeatMapPerTaskAndABarChartPerGroupingAndEverySvgIsWellFormed() throws Exception {
        Matcher svgs = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(page());
        var factory = DocumentBuilderFactory.newInstance();
        int confusion = 0;
        int bars = 0;
        while (svgs.find()) {
            String svg = svgs.group();
            assertDoesNotThrow(() -> factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8))), svg);
            if (svg.contains("aria-label=\"Confusion matrix")) confusion++;
            if (svg.contains("aria-label=\"Accuracy by labelled")) bars++;
        }
        assertEquals(3, confusion);
        assertEquals(6, bars);
    }

    @Test
    void barChartDrawsTheIntervalOfEachGroup() {
        GroupBreakdown byRace = SixFaces.breakdown(SixFaces.evaluation(), Attribute.GENDER, Attribute.RACE);
        String svg = GroupBarChart.svg(byRace, 0.5);
        assertTrue(svg.contains("<title>White: accuracy 0.6667, 95 % CI "), svg);
        assertTrue(svg.contains("<title>Black: accuracy 1.0000, 95 % CI 1.0000–1.0000, n = 1</title>"), svg);
        assertTrue(svg.contains("overall 0.5000"), svg);
    }
}
