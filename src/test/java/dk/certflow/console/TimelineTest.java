package dk.certflow.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dk.certflow.console.ConsoleView.Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TimelineTest {

    private static final double START = Timeline.LABEL_WIDTH;
    private static final double END = Timeline.WIDTH - Timeline.RIGHT_MARGIN;

    @Test
    void todayIsAtTheStartTheHorizonAtTheEndAndTheScaleStretchesTheComingWeeks() {
        Timeline timeline = new Timeline(1000);
        assertThat(timeline.x(0)).isEqualTo(START);
        assertThat(timeline.x(1000)).isEqualTo(END);
        assertThat(timeline.x(250)).as("a quarter of the time is half the width").isCloseTo((START + END) / 2, within(0.001));
        assertThat(timeline.x(-30)).as("a passed deadline sits on today's line").isEqualTo(START);
        assertThat(timeline.x(5000)).isEqualTo(END);
        for (long d = 1; d <= 1000; d++) {
            assertThat(timeline.x(d)).isGreaterThan(timeline.x(d - 1));
        }
    }

    @Test
    void theAxisReachesTheLatestDeadlineAndAtLeastAYearAndTheLargestThreshold() {
        assertThat(Timeline.covering(List.of(), List.of(90, 30)).horizonDays()).isEqualTo(365);
        assertThat(Timeline.covering(List.of(certificate("a", 1095, 730L)), List.of(90)).horizonDays()).isEqualTo(1095);
        assertThat(Timeline.covering(List.of(certificate("a", 100, 900L)), List.of(90)).horizonDays()).isEqualTo(900);
        assertThat(Timeline.covering(List.of(certificate("a", 10, null)), List.of(400)).horizonDays()).isEqualTo(400);
    }

    @Test
    void oneRowPerCertificateWithBothDeadlinesAndADashedLinePerThreshold() {
        List<Certificate> rows = List.of(certificate("first", 20, 10L), certificate("second", 800, null));
        Timeline timeline = Timeline.covering(rows, List.of(90, 30, 7, 0));
        String svg = timeline.svg(rows, List.of(90, 30, 7, 0), 60);

        assertThat(count(svg, "<g class=\"row\"")).isEqualTo(2);
        assertThat(count(svg, "<circle class=\"certificate")).isEqualTo(2);
        assertThat(count(svg, "<path class=\"authorization")).as("the second has no known authorization").isEqualTo(1);
        assertThat(count(svg, "<line class=\"threshold\"")).as("0 is today's own line").isEqualTo(3);
        assertThat(count(svg, "<line class=\"today\"")).isEqualTo(1);
        assertThat(svg).contains("x1=\"" + Timeline.num(timeline.x(30)) + "\"");
        assertThat(svg).contains("<circle class=\"certificate soon\" cx=\"" + Timeline.num(timeline.x(20)) + "\" cy=\"" + Timeline.num(timeline.rowY(0)) + "\"");
        assertThat(svg).contains("<circle class=\"certificate calm\" cx=\"" + Timeline.num(timeline.x(800)) + "\" cy=\"" + Timeline.num(timeline.rowY(1)) + "\"");
        assertThat(svg).contains("viewBox=\"0 0 960 " + timeline.height(2) + "\"");
    }

    @Test
    void closeThresholdLabelsDoNotOverlap() {
        List<Integer> thresholds = List.of(90, 60, 30, 14, 7, 1, 0);
        Timeline timeline = new Timeline(1095);
        String svg = timeline.svg(List.of(), thresholds, 60);
        var labels = Pattern.compile("<text class=\"tick\" x=\"([0-9.]+)\" y=\"27.0\"").matcher(svg).results()
                .map(m -> Double.parseDouble(m.group(1))).toList();
        assertThat(labels).isNotEmpty();
        double last = timeline.x(0);
        for (double x : labels) {
            assertThat(x - last).isGreaterThanOrEqualTo(Timeline.MIN_LABEL_GAP - 0.1);
            last = x;
        }
        assertThat(svg).contains("No current certificates yet");
    }

    static Certificate certificate(String fingerprint, long certificateDays, Long authorizationDays) {
        return new Certificate(fingerprint, "19435075", "Org", "CVR", "production", Instant.parse("2029-01-01T00:00:00Z"),
                certificateDays, authorizationDays == null ? null : LocalDate.of(2028, 1, 1), authorizationDays,
                "uploaded", "good", false, null);
    }

    private static long count(String text, String part) {
        return Pattern.compile(Pattern.quote(part)).matcher(text).results().count();
    }
}
