package dk.certflow.console;

import dk.certflow.console.ConsoleView.Attention;
import dk.certflow.console.ConsoleView.Certificate;
import dk.certflow.console.ConsoleView.Check;
import dk.certflow.console.ConsoleView.Delivery;
import dk.certflow.console.ConsoleView.Reason;
import dk.certflow.console.ConsoleView.Refusal;
import dk.certflow.console.ConsoleView.Tone;
import dk.certflow.delivery.SafeText;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The operator's console (CONTRACTS §12) as one self-contained HTML page: inline CSS and SVG, no script, no external
 * resource, readable on a phone (tables become cards). Every value is escaped; times are ISO dates in Danish time,
 * with the exact instant in the {@code datetime} attribute.
 */
public final class ConsolePage {

    /** Where the people who read the page are. */
    static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZONE);
    /** The page reloads itself this often, so a console left open on a screen stays current without a script. */
    static final int REFRESH_SECONDS = 60;
    private static final int FINGERPRINT_SHOWN = 12;

    private ConsolePage() {
    }

    public static String render(ConsoleView view) {
        List<Attention> attention = view.attention();
        StringBuilder page = new StringBuilder(16_384);
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">")
                .append("<meta name=\"referrer\" content=\"no-referrer\">")
                .append("<title>").append(attention.isEmpty() ? "All well" : attentionTitle(attention.size())).append(" · certflow</title>")
                .append("<style>").append(CSS).append("</style></head><body>");
        page.append("<header><span class=\"brand\">certflow</span><span class=\"meta\">");
        if (view.about().node() != null) {
            page.append("node <b id=\"node\">").append(Html.escape(view.about().node())).append("</b> · ");
        }
        page.append("as of ").append(time(view.now())).append(" Danish time</span></header><main>");
        summary(page, attention);
        certificates(page, view);
        timeline(page, view);
        deliveries(page, view);
        refusals(page, view);
        health(page, view);
        page.append("</main></body></html>\n");
        return page.toString();
    }

    private static String attentionTitle(int count) {
        return count == 1 ? "1 thing needs you" : count + " things need you";
    }

    private static void summary(StringBuilder page, List<Attention> attention) {
        if (attention.isEmpty()) {
            page.append("<section id=\"summary\" class=\"summary well\"><h1>All well</h1>")
                    .append("<p>Every certificate and authorization has time left, nothing is stuck, nothing was refused lately.</p></section>");
            return;
        }
        page.append("<section id=\"summary\" class=\"summary needs\"><h1>").append(attentionTitle(attention.size())).append("</h1><ul>");
        for (Attention item : attention) {
            page.append("<li><a href=\"#").append(item.anchor()).append("\">").append(Html.escape(item.text())).append("</a></li>");
        }
        page.append("</ul></section>");
    }

    private static void certificates(StringBuilder page, ConsoleView view) {
        page.append("<section id=\"certificates\"><h2>Certificates</h2>");
        if (view.certificates().isEmpty()) {
            page.append("<p class=\"empty\">No certificate recorded yet: drop one into the drop folder.</p></section>");
            return;
        }
        page.append("<table><thead><tr><th>Organisation</th><th>Profile</th><th>Fingerprint</th><th>Certificate expires</th>")
                .append("<th>Authorization expires</th><th>Days left</th><th>Upload</th><th>Revocation</th><th>Superseded by</th></tr></thead><tbody>");
        for (Certificate c : view.certificates()) {
            Tone tone = c.tone(view.warnDays());
            page.append("<tr class=\"").append(tone.css()).append(c.superseded() ? " superseded" : "")
                    .append("\" data-fingerprint=\"").append(Html.escape(c.fingerprint())).append("\">");
            page.append(cell("Organisation", "<b>" + Html.escape(c.organisation() == null ? "(no name)" : c.organisation()) + "</b>"
                    + "<br><span class=\"muted\">CVR " + Html.escape(c.cvr()) + (c.environment() == null || c.environment().equals("production")
                    ? "" : " · " + Html.escape(c.environment())) + "</span>"));
            page.append(cell("Profile", Html.escape(c.profile())));
            page.append(cell("Fingerprint", fingerprint(c.fingerprint())));
            page.append(cell("Certificate expires", time(c.notAfter()) + deadlineNote(c.certificateDaysLeft(), c.superseded())));
            page.append(cell("Authorization expires", c.authorizationExpiry() == null ? "<span class=\"muted\">not known</span>"
                    : "<time datetime=\"" + c.authorizationExpiry() + "\">" + c.authorizationExpiry() + "</time>"
                    + deadlineNote(c.authorizationDaysLeft(), c.superseded())));
            page.append(cell("Days left", c.superseded() ? "<span class=\"muted\">—</span>"
                    : "<span class=\"days " + tone.css() + "\">" + c.daysLeft() + "</span> <span class=\"muted\">"
                    + c.firstDeadline() + "</span>"));
            page.append(cell("Upload", badge(c.upload(), c.uploadFailed() ? "lapsed" : "pending".equals(c.upload()) ? "soon" : "calm")));
            page.append(cell("Revocation", c.revocation() == null ? "<span class=\"muted\">not checked yet</span>"
                    : badge(c.revocation(), c.revoked() ? "lapsed" : "unknown".equals(c.revocation()) ? "soon" : "calm")));
            page.append(cell("Superseded by", c.supersededBy() == null ? (c.superseded() ? "superseded" : "<span class=\"muted\">current</span>")
                    : fingerprint(c.supersededBy())));
            page.append("</tr>");
        }
        page.append("</tbody></table></section>");
    }

    private static void timeline(StringBuilder page, ConsoleView view) {
        List<Certificate> current = view.certificates().stream().filter(c -> !c.superseded()).toList();
        page.append("<section id=\"timeline\"><h2>Deadlines</h2><div class=\"scroll\">")
                .append(Timeline.covering(current, view.thresholds()).svg(current, view.thresholds(), view.warnDays()))
                .append("</div><p class=\"legend\"><span class=\"key\"><svg viewBox=\"0 0 16 16\" width=\"14\" height=\"14\"><path class=\"authorization calm\" d=\"M8 1 l7 7 l-7 7 l-7 -7 z\"/></svg> authorization (Datafordeler)</span>")
                .append("<span class=\"key\"><svg viewBox=\"0 0 16 16\" width=\"14\" height=\"14\"><circle class=\"certificate calm\" cx=\"8\" cy=\"8\" r=\"6\"/></svg> certificate</span>")
                .append("<span class=\"key\">dashed lines: notices go out ").append(Html.escape(thresholds(view.thresholds()))).append(" days before</span>")
                .append("<span class=\"key\">the coming weeks are drawn wider</span></p></section>");
    }

    private static void deliveries(StringBuilder page, ConsoleView view) {
        page.append("<section id=\"deliveries\"><h2>Deliveries waiting or failed</h2>");
        if (view.deliveries().isEmpty()) {
            page.append("<p class=\"empty\">Nothing waiting: every upload, record and notice was delivered.</p></section>");
            return;
        }
        page.append("<table><thead><tr><th>To</th><th>For</th><th>Status</th><th>Attempts</th><th>Queued</th><th>Next attempt</th><th>Last error</th></tr></thead><tbody>");
        for (Delivery d : view.deliveries()) {
            page.append("<tr class=\"").append(d.failed() ? "lapsed" : d.attempts() > 0 ? "soon" : "calm").append("\">");
            page.append(cell("To", "<b>" + Html.escape(d.target()) + "</b>"));
            page.append(cell("For", d.certificate() == null ? "<span class=\"muted\">—</span>" : Html.escape(d.certificate())));
            page.append(cell("Status", badge(d.status(), d.failed() ? "lapsed" : "soon")));
            page.append(cell("Attempts", Integer.toString(d.attempts())));
            page.append(cell("Queued", time(d.createdAt())));
            page.append(cell("Next attempt", d.failed() ? "<span class=\"muted\">given up</span>" : time(d.nextAttemptAt())));
            page.append(cell("Last error", d.lastError() == null ? "<span class=\"muted\">—</span>"
                    : "<span class=\"error\">" + Html.escape(SafeText.clean(d.lastError())) + "</span>"));
            page.append("</tr>");
        }
        page.append("</tbody></table></section>");
    }

    private static void refusals(StringBuilder page, ConsoleView view) {
        page.append("<section id=\"refusals\"><h2>Latest refusals</h2>");
        if (view.refusals().isEmpty()) {
            page.append("<p class=\"empty\">Nothing refused.</p></section>");
            return;
        }
        page.append("<ul class=\"refusals\">");
        for (Refusal r : view.refusals()) {
            page.append("<li class=\"refusal\"><div class=\"refusal-head\"><b>").append(Html.escape(r.file())).append("</b> <span class=\"muted\">")
                    .append(time(r.at())).append(" · rejected/").append(Html.escape(r.folder())).append("/reason.txt</span></div><dl>");
            for (Reason reason : r.reasons()) {
                page.append("<dt><code>").append(Html.escape(reason.code())).append("</code> ").append(Html.escape(reason.message())).append("</dt>");
                if (reason.remedy() != null && !reason.remedy().isEmpty()) {
                    page.append("<dd>").append(Html.escape(reason.remedy())).append("</dd>");
                }
            }
            page.append("</dl></li>");
        }
        page.append("</ul></section>");
    }

    private static void health(StringBuilder page, ConsoleView view) {
        page.append("<section id=\"health\"><h2>Health</h2><ul class=\"checks\">");
        for (Check check : view.checks()) {
            page.append("<li class=\"check ").append(check.up() ? "up" : "down").append("\"><span class=\"dot\"></span><b>")
                    .append(Html.escape(check.name())).append("</b> ").append(check.up() ? "up" : "down");
            if (check.message() != null && !check.message().isBlank()) {
                page.append(" <span class=\"muted\">").append(Html.escape(SafeText.clean(check.message()))).append("</span>");
            }
            page.append("</li>");
        }
        page.append("</ul><dl class=\"about\"><dt>Version</dt><dd>").append(Html.escape(view.about().version())).append("</dd>");
        if (view.about().node() != null) {
            page.append("<dt>Node</dt><dd>").append(Html.escape(view.about().node())).append("</dd>");
        }
        page.append("<dt>Data folder</dt><dd><code>").append(Html.escape(view.about().dataDir())).append("</code></dd></dl></section>");
    }

    /** 90, 60, 30 and 0 */
    private static String thresholds(List<Integer> days) {
        List<String> shown = days.stream().map(String::valueOf).toList();
        return shown.size() == 1 ? shown.get(0)
                : String.join(", ", shown.subList(0, shown.size() - 1)) + " and " + shown.get(shown.size() - 1);
    }

    private static String cell(String label, String html) {
        return "<td data-label=\"" + Html.escape(label) + "\"><div>" + html + "</div></td>";
    }

    private static String badge(String text, String tone) {
        return "<span class=\"badge " + tone + "\">" + Html.escape(text) + "</span>";
    }

    private static String fingerprint(String fingerprint) {
        String shown = fingerprint.length() > FINGERPRINT_SHOWN ? fingerprint.substring(0, FINGERPRINT_SHOWN) + "…" : fingerprint;
        return "<code title=\"" + Html.escape(fingerprint) + "\">" + Html.escape(shown) + "</code>";
    }

    private static String deadlineNote(Long daysLeft, boolean superseded) {
        return superseded || daysLeft == null ? "" : "<br><span class=\"muted\">" + ConsoleView.inDays(daysLeft) + "</span>";
    }

    /** An instant as a person reads it here: ISO date and time in Danish time, the exact instant kept alongside. */
    static String dateTime(Instant instant) {
        return DATE_TIME.format(instant);
    }

    private static String time(Instant instant) {
        if (instant == null) {
            return "<span class=\"muted\">—</span>";
        }
        Instant exact = instant.truncatedTo(ChronoUnit.SECONDS);
        return "<time datetime=\"" + exact + "\" title=\"" + exact + "\">" + dateTime(instant) + "</time>";
    }

    private static final String CSS = """
            :root{--bg:#f6f5f1;--card:#fff;--ink:#23262b;--muted:#6c717a;--line:#e4e2dc;--calm:#2f7a55;--soon:#a86400;--lapsed:#b3261e;--accent:#2c5d8a}
            *{box-sizing:border-box}
            body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
            header{display:flex;justify-content:space-between;align-items:baseline;flex-wrap:wrap;gap:.5rem;padding:.9rem 1.5rem;border-bottom:1px solid var(--line);background:var(--card)}
            .brand{font-weight:650;letter-spacing:.02em}.meta{color:var(--muted);font-size:.9rem}
            main{max-width:1200px;margin:0 auto;padding:1.25rem 1.5rem 3rem}
            section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1rem 1.25rem;margin:0 0 1.25rem}
            h1{font-size:1.6rem;margin:.1rem 0 .4rem;font-weight:600}h2{font-size:1.05rem;margin:0 0 .75rem;font-weight:600}
            .summary.well{border-left:6px solid var(--calm)}.summary.well h1{color:var(--calm)}
            .summary.needs{border-left:6px solid var(--soon)}.summary.needs h1{color:var(--soon)}
            .summary p{margin:0;color:var(--muted)}.summary ul{margin:.25rem 0 0;padding-left:1.2rem}.summary a{color:var(--ink)}
            table{width:100%;border-collapse:collapse;font-size:.92rem}
            th{text-align:left;font-weight:600;color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;border-bottom:1px solid var(--line);padding:.4rem .5rem}
            td{padding:.55rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
            tr.superseded td{color:var(--muted)}tr.soon td:first-child{box-shadow:inset 3px 0 var(--soon)}tr.lapsed td:first-child{box-shadow:inset 3px 0 var(--lapsed)}
            .muted{color:var(--muted);font-size:.85rem}code{font:.85rem ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
            .days{font-weight:650;font-size:1.05rem}.days.calm{color:var(--calm)}.days.soon{color:var(--soon)}.days.lapsed{color:var(--lapsed)}
            .badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.8rem;border:1px solid currentColor}
            .badge.calm{color:var(--calm)}.badge.soon{color:var(--soon)}.badge.lapsed{color:var(--lapsed);background:#fbeceb}
            .error{color:var(--lapsed);overflow-wrap:anywhere}.empty{color:var(--muted);margin:0}
            .scroll{overflow-x:auto}svg.timeline{display:block;width:100%;min-width:640px;height:auto}
            .timeline text{font-size:13px;fill:var(--ink)}.timeline text.tick{font-size:11px;fill:var(--muted)}.timeline text.now{fill:var(--accent);font-weight:600}.timeline text.empty{fill:var(--muted)}
            .timeline .window{fill:#fbf3e6}.timeline .threshold{stroke:#d9a85b;stroke-dasharray:3 4;stroke-width:1}
            .timeline line.year{stroke:var(--line);stroke-width:1}.timeline line.today{stroke:var(--accent);stroke-width:2}
            .timeline .track{stroke:#d5d3cc;stroke-width:2}
            .certificate{stroke:#fff;stroke-width:1.5}.calm.certificate,.calm.authorization{fill:var(--calm)}.soon.certificate,.soon.authorization{fill:var(--soon)}.lapsed.certificate,.lapsed.authorization{fill:var(--lapsed)}
            .timeline .row:hover .track{stroke:var(--muted)}
            .legend{display:flex;flex-wrap:wrap;gap:.4rem 1.25rem;color:var(--muted);font-size:.85rem;margin:.6rem 0 0}.key svg{vertical-align:-2px}
            ul.refusals{list-style:none;margin:0;padding:0}.refusal{border-top:1px solid var(--line);padding:.6rem 0}.refusal:first-child{border-top:0;padding-top:0}
            .refusal dl{margin:.3rem 0 0}.refusal dt{margin-top:.2rem}.refusal dt code{color:var(--lapsed);font-weight:600}.refusal dd{margin:.1rem 0 0 1rem;color:var(--muted)}
            ul.checks{list-style:none;margin:0 0 .75rem;padding:0;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem}
            .dot{display:inline-block;width:.6rem;height:.6rem;border-radius:50%;margin-right:.4rem}.up .dot{background:var(--calm)}.down .dot{background:var(--lapsed)}.down{color:var(--lapsed)}
            dl.about{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0;font-size:.9rem}dl.about dt{color:var(--muted)}dl.about dd{margin:0;overflow-wrap:anywhere}
            @media (max-width:760px){
            header,main{padding-left:.75rem;padding-right:.75rem}section{padding:.85rem}
            table,thead,tbody,tr,td{display:block}thead{display:none}
            tr{border:1px solid var(--line);border-radius:8px;margin:0 0 .75rem;padding:.35rem .6rem}
            td{border:0;padding:.2rem 0;display:grid;grid-template-columns:9.5rem 1fr;gap:.5rem;align-items:baseline}
            td::before{content:attr(data-label);color:var(--muted);font-size:.8rem}
            tr.soon{border-left:4px solid var(--soon)}tr.lapsed{border-left:4px solid var(--lapsed)}tr.soon td:first-child,tr.lapsed td:first-child{box-shadow:none}
            }
            """;
}
