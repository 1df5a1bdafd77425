package dk.certflow.console;

import dk.certflow.console.ConsoleView.Certificate;
import java.util.List;
import java.util.Locale;

/**
 * The deadlines of the current certificates on one time axis, as inline SVG: today at the left, the notice thresholds
 * as dashed lines, one row per certificate with its authorization expiry (a diamond) and its certificate expiry (a
 * circle). The axis is a square-root scale, so the coming weeks, where the thresholds are and where action is needed,
 * get room, while a certificate three years out still fits.
 */
final class Timeline {

    static final int WIDTH = 960;
    static final int LABEL_WIDTH = 200;
    static final int RIGHT_MARGIN = 28;
    static final int AXIS_HEIGHT = 40;
    static final int ROW_HEIGHT = 30;
    static final int MIN_HORIZON_DAYS = 365;
    /** Tick labels closer than this would overlap; the later one is left out (its line stays). */
    static final int MIN_LABEL_GAP = 30;

    private final long horizonDays;

    Timeline(long horizonDays) {
        this.horizonDays = Math.max(1, horizonDays);
    }

    /** An axis that reaches the latest deadline shown, and at least a year and the largest threshold. */
    static Timeline covering(List<Certificate> rows, List<Integer> thresholds) {
        long horizon = MIN_HORIZON_DAYS;
        for (Certificate c : rows) {
            horizon = Math.max(horizon, c.certificateDaysLeft());
            if (c.authorizationDaysLeft() != null) {
                horizon = Math.max(horizon, c.authorizationDaysLeft());
            }
        }
        for (int t : thresholds) {
            horizon = Math.max(horizon, t);
        }
        return new Timeline(horizon);
    }

    long horizonDays() {
        return horizonDays;
    }

    /** Where a deadline that many days away sits; a passed one sits on today's line, beyond the horizon at its end. */
    double x(long days) {
        double share = Math.sqrt(Math.max(0, Math.min(days, horizonDays)) / (double) horizonDays);
        return LABEL_WIDTH + share * (WIDTH - LABEL_WIDTH - RIGHT_MARGIN);
    }

    double rowY(int row) {
        return AXIS_HEIGHT + row * ROW_HEIGHT + ROW_HEIGHT / 2.0;
    }

    int height(int rows) {
        return AXIS_HEIGHT + Math.max(rows, 1) * ROW_HEIGHT + 8;
    }

    /** The SVG for these certificates (current ones only: a superseded certificate's deadlines need no one). */
    String svg(List<Certificate> rows, List<Integer> thresholds, int warnDays) {
        int height = height(rows.size());
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"timeline\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-labelledby=\"timeline-title\" xmlns=\"http://www.w3.org/2000/svg\">")
                .append("<title id=\"timeline-title\">Deadlines of the current certificates from today</title>");
        double top = AXIS_HEIGHT - 6;
        double bottom = height - 4;
        // the notice window: from today to the largest threshold
        if (!thresholds.isEmpty()) {
            svg.append(rect("window", x(0), top, x(thresholds.get(0)) - x(0), bottom - top));
        }
        svg.append(text("tick now", x(0), 13, "middle", "today"));
        for (int t : thresholds) {
            if (t > 0) { // the day itself is today's line
                svg.append(line("threshold", x(t), top, x(t), bottom, (t == 1 ? "1 day" : t + " days") + " before a deadline a notice goes out"));
            }
        }
        double lastLabel = x(0);
        for (int t : thresholds.stream().sorted().toList()) {
            if (t > 0 && x(t) - lastLabel >= MIN_LABEL_GAP) {
                svg.append(text("tick", x(t), 27, "middle", t + " d"));
                lastLabel = x(t);
            }
        }
        for (int years = 1; years * 365 <= horizonDays; years++) {
            double at = x(years * 365L);
            svg.append(line("year", at, top, at, bottom, null));
            svg.append(text("tick", at, 13, "middle", years + (years == 1 ? " year" : " years")));
        }
        svg.append(line("today", x(0), top, x(0), bottom, null));
        for (int i = 0; i < rows.size(); i++) {
            svg.append(row(rows.get(i), rowY(i), warnDays));
        }
        if (rows.isEmpty()) {
            svg.append(text("empty", x(0) + 12, rowY(0) + 5, "start", "No current certificates yet"));
        }
        return svg.append("</svg>").toString();
    }

    private String row(Certificate c, double y, int warnDays) {
        StringBuilder g = new StringBuilder("<g class=\"row\" data-fingerprint=\"").append(Html.escape(c.fingerprint())).append("\">");
        g.append("<title>").append(Html.escape(c.organisation() == null ? c.label() : c.label() + " (" + c.organisation() + ")")).append("</title>");
        g.append(text("label", 8, y + 5, "start", shortened(c.label(), 23)));
        long last = c.authorizationDaysLeft() == null ? c.certificateDaysLeft() : Math.max(c.certificateDaysLeft(), c.authorizationDaysLeft());
        g.append(line("track", x(0), y, x(last), y, null));
        if (c.authorizationDaysLeft() != null) {
            double ax = x(c.authorizationDaysLeft());
            g.append("<path class=\"authorization ").append(tone(c.authorizationDaysLeft(), warnDays)).append("\" d=\"M")
                    .append(num(ax)).append(' ').append(num(y - 8)).append(" l8 8 l-8 8 l-8 -8 z\"><title>")
                    .append(Html.escape("Authorization expires " + c.authorizationExpiry() + " (" + ConsoleView.inDays(c.authorizationDaysLeft()) + ")"))
                    .append("</title></path>");
        }
        double cx = x(c.certificateDaysLeft());
        g.append("<circle class=\"certificate ").append(tone(c.certificateDaysLeft(), warnDays)).append("\" cx=\"").append(num(cx))
                .append("\" cy=\"").append(num(y)).append("\" r=\"4.5\"><title>")
                .append(Html.escape("Certificate expires " + ConsolePage.dateTime(c.notAfter()) + " (" + ConsoleView.inDays(c.certificateDaysLeft()) + ")"))
                .append("</title></circle>");
        return g.append("</g>").toString();
    }

    private static String tone(long days, int warnDays) {
        return days < 0 ? "lapsed" : days <= warnDays ? "soon" : "calm";
    }

    private static String line(String css, double x1, double y1, double x2, double y2, String title) {
        String open = "<line class=\"" + css + "\" x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) + "\"";
        return title == null ? open + "/>" : open + "><title>" + Html.escape(title) + "</title></line>";
    }

    private static String rect(String css, double x, double y, double width, double height) {
        return "<rect class=\"" + css + "\" x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(width) + "\" height=\"" + num(height) + "\"/>";
    }

    private static String text(String css, double x, double y, String anchor, String content) {
        return "<text class=\"" + css + "\" x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\">"
                + Html.escape(content) + "</text>";
    }

    static String shortened(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
