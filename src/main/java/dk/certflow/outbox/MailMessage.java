package dk.certflow.outbox;

/** One notification e-mail, ready for the mail route. */
public record MailMessage(String to, String from, String subject, String body) {
}
