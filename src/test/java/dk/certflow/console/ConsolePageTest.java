package dk.certflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import dk.certflow.console.ConsoleView.About;
import dk.certflow.console.ConsoleView.Certificate;
import dk.certflow.console.ConsoleView.Check;
import dk.certflow.console.ConsoleView.Delivery;
import dk.certflow.console.ConsoleView.Reason;
import dk.certflow.console.ConsoleView.Refusal;
import dk.certflow.console.ConsoleView.Tone;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console page on its own: what it says, in which order, in which time zone, and that it escapes everything. */
class ConsolePageTest {

    private static final Instant NOW = Instant.parse("2026-07-01T10:00:00Z");
    private static final About ABOUT = new About("certflow 1.0 on Java 17", null, "/var/lib/certflow");
    private static final List<Check> HEALTHY = List.of(new Check("database", true, null), new Check("drop-folder", true, null));

    @Test
    void nothingToDoReadsAllWell() {
        String page = ConsolePage.render(view(List.of(certificate("a", "19435075", 900, 700L)), List.of(), List.of(), HEALTHY));
        assertThat(page).contains("<title>All well · certflow</title>", "<h1>All well</h1>", "summary well")
                .doesNotContain("need you");
    }

    @Test
    void everyThingThatNeedsAPersonIsListedWithWhereToLook() {
        List<Certificate> certificates = List.of(
                certificate("calm", "19435075", 900, 700L),
                certificate("soon", "34051178", 300, 45L),
                certificate("lapsed", "19552101", -2, -2L),
                revoked(certificate("revoked", "11111111", 500, 400L)));
        List<Delivery> deliveries = List.of(
                new Delivery(1, "workzone", "CVR 19552101 · CVR", "pending", 3, NOW.minusSeconds(600), NOW.plusSeconds(60), "HTTP 500: boom"),
                new Delivery(2, "webhook", null, "pending", 0, NOW.minusSeconds(5), NOW, null),
                new Delivery(3, "mail", null, "failed", 4, NOW.minus(Duration.ofDays(30)), NOW, "old news"),
                new Delivery(4, "records", null, "failed", 4, NOW.minus(Duration.ofDays(1)), NOW, "HTTP 400"));
        List<Refusal> refusals = List.of(
                new Refusal("20260701-0900-new", "new.p12", NOW.minusSeconds(3600), List.of(new Reason("PASSWORD_INCORRECT", "no", "fix"))),
                new Refusal("20260601-0900-old", "old.p12", NOW.minus(Duration.ofDays(30)), List.of(new Reason("UNREADABLE", "no", "fix"))));
        List<Check> checks = List.of(new Check("database", false, "the inventory database does not answer"));
        ConsoleView view = view(certificates, deliveries, refusals, checks);

        assertThat(view.attention()).extracting(ConsoleView.Attention::text).containsExactly(
                "Health check database is down",
                "CVR 19552101 · CVR: certificate and authorization have lapsed",
                "CVR 11111111 · CVR: revoked by the issuing CA",
                "CVR 34051178 · CVR: authorization expires in 45 days",
                "Delivery to workzone for CVR 19552101 · CVR is stuck after 3 attempts",
                "Delivery to records failed",
                "new.p12 was refused (PASSWORD_INCORRECT)");
        String page = ConsolePage.render(view);
        assertThat(page).contains("<title>7 things need you · certflow</title>", "<a href=\"#health\">", "<a href=\"#deliveries\">",
                "<a href=\"#refusals\">", "<a href=\"#certificates\">", "old.p12");
    }

    @Test
    void currentCertificatesComeFirstSoonestDeadlineFirstThenTheSuperseded() {
        Certificate superseded = new Certificate("old", "19435075", "Org", "CVR", "production", NOW.plusSeconds(86400),
                1, LocalDate.of(2026, 7, 2), 1L, "uploaded", "good", true, "newer");
        List<Certificate> given = List.of(certificate("late", "19435075", 900, 700L), superseded,
                certificate("certificate-first", "34051178", 30, 400L), certificate("authorization-first", "19552101", 900, 60L));
        ConsoleView view = view(given, List.of(), List.of(), HEALTHY);
        assertThat(view.certificates()).extracting(Certificate::fingerprint)
                .containsExactly("certificate-first", "authorization-first", "late", "old");
        String page = ConsolePage.render(view);
        assertThat(page.indexOf("data-fingerprint=\"certificate-first\"")).isLessThan(page.indexOf("data-fingerprint=\"authorization-first\""));
        assertThat(page.indexOf("data-fingerprint=\"late\"")).isLessThan(page.indexOf("data-fingerprint=\"old\""));
        assertThat(page).contains("<tr class=\"calm superseded\" data-fingerprint=\"old\">");
        assertThat(superseded.tone(60)).as("a superseded certificate needs no one").isEqualTo(Tone.CALM);
    }

    @Test
    void daysLeftCountTheFirstDeadlineAndReadAsAPersonSaysThem() {
        Certificate authorizationFirst = certificate("a", "19435075", 900, 20L);
        assertThat(authorizationFirst.daysLeft()).isEqualTo(20);
        assertThat(authorizationFirst.firstDeadline()).isEqualTo("authorization");
        Certificate unknownAuthorization = certificate("b", "19435075", 12, null);
        assertThat(unknownAuthorization.daysLeft()).isEqualTo(12);
        assertThat(unknownAuthorization.firstDeadline()).isEqualTo("certificate");
        assertThat(certificate("c", "19435075", 5, 5L).firstDeadline()).isEqualTo("certificate and authorization");

        assertThat(certificate("d", "1", 61, null).tone(60)).isEqualTo(Tone.CALM);
        assertThat(certificate("d", "1", 60, null).tone(60)).isEqualTo(Tone.SOON);
        assertThat(certificate("d", "1", 0, null).tone(60)).isEqualTo(Tone.SOON);
        assertThat(certificate("d", "1", -1, null).tone(60)).isEqualTo(Tone.LAPSED);

        assertThat(ConsoleView.inDays(0)).isEqualTo("today");
        assertThat(ConsoleView.inDays(1)).isEqualTo("tomorrow");
        assertThat(ConsoleView.inDays(30)).isEqualTo("in 30 days");
        assertThat(ConsoleView.inDays(-1)).isEqualTo("yesterday");
        assertThat(ConsoleView.inDays(-4)).isEqualTo("4 days ago");
        String page = ConsolePage.render(view(List.of(authorizationFirst), List.of(), List.of(), HEALTHY));
        assertThat(page).contains("<span class=\"days soon\">20</span> <span class=\"muted\">authorization</span>", "in 20 days");
    }

    @Test
    void timesAreIsoInDanishTimeWithTheExactInstantAlongside() {
        Delivery summer = new Delivery(1, "webhook", null, "pending", 0, Instant.parse("2026-07-01T09:15:30.123456Z"), NOW, null);
        Delivery winter = new Delivery(2, "webhook", null, "pending", 0, Instant.parse("2026-01-15T23:30:00Z"), NOW, null);
        String page = ConsolePage.render(view(List.of(), List.of(summer, winter), List.of(), HEALTHY));
        assertThat(page).contains("<time datetime=\"2026-07-01T09:15:30Z\" title=\"2026-07-01T09:15:30Z\">2026-07-01 11:15</time>");
        assertThat(page).contains("<time datetime=\"2026-01-15T23:30:00Z\" title=\"2026-01-15T23:30:00Z\">2026-01-16 00:30</time>");
        assertThat(page).contains("as of <time datetime=\"2026-07-01T10:00:00Z\"");
    }

    @Test
    void everythingFromOutsideIsEscapedAndAnErrorIsOneSafeLine() {
        Certificate hostile = new Certificate("<fp\">", "19435075", "<script>alert(1)</script> & \"Co\"", "<b>profile</b>",
                "production", NOW.plus(Duration.ofDays(500)), 500, null, null, "uploaded", null, false, null);
        Delivery delivery = new Delivery(1, "workzone", "x", "failed", 1, NOW, NOW,
                "HTTP 502: <img src=x onerror=alert(1)>\n\u0000forged line");
        Refusal refusal = new Refusal("20260701-<x>", "<evil>.p12", NOW, List.of(new Reason("UNREADABLE", "bad <tag>", "remedy & more")));
        Check check = new Check("<check>", false, "<down>");
        String page = ConsolePage.render(new ConsoleView(NOW, List.of(hostile), List.of(delivery), List.of(refusal), List.of(check),
                List.of(90, 30), 60, new About("<v>", "<node>", "/data/<dir>")));

        assertThat(page).doesNotContain("<script", "<img", "<evil>", "<tag>", "<check>", "<down>", "<x>", "<v>", "<node>", "<dir>",
                "<b>profile", "\u0000", "<fp");
        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;", "data-fingerprint=\"&lt;fp&quot;&gt;\"",
                "HTTP 502: &lt;img src=x onerror=alert(1)&gt; forged line", "&lt;evil&gt;.p12", "remedy &amp; more", "node <b id=\"node\">&lt;node&gt;</b>");
    }

    @Test
    void aSelfContainedPageForAPhoneToo() {
        String page = ConsolePage.render(view(List.of(certificate("a", "19435075", 900, 700L)), List.of(), List.of(), HEALTHY));
        assertThat(page).startsWith("<!DOCTYPE html>").contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
                "@media (max-width:760px)", "<svg class=\"timeline\"");
        assertThat(page).doesNotContain("<script", "<link", "src=\"http", "href=\"http", "@import", "url(");
        assertThat(page).as("no node line while nodes have no names").doesNotContain("id=\"node\"");
    }

    private static ConsoleView view(List<Certificate> certificates, List<Delivery> deliveries, List<Refusal> refusals, List<Check> checks) {
        return new ConsoleView(NOW, certificates, deliveries, refusals, checks, List.of(90, 60, 30, 14, 7, 1, 0), 60, ABOUT);
    }

    private static Certificate certificate(String fingerprint, String cvr, long certificateDays, Long authorizationDays) {
        return new Certificate(fingerprint, cvr, "Org " + cvr, "CVR", "production", NOW.plus(Duration.ofDays(certificateDays)),
                certificateDays, authorizationDays == null ? null : LocalDate.of(2027, 1, 1), authorizationDays, "uploaded", "good", false, null);
    }

    private static Certificate revoked(Certificate c) {
        return new Certificate(c.fingerprint(), c.cvr(), c.organisation(), c.profile(), c.environment(), c.notAfter(),
                c.certificateDaysLeft(), c.authorizationExpiry(), c.authorizationDaysLeft(), c.upload(), "revoked", false, null);
    }
}
