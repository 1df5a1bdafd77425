package dk.certflow.outbox;

/** Sends one e-mail; throws when the SMTP server cannot be reached or refuses it. */
@FunctionalInterface
public interface Mailer {

    void send(MailMessage message) throws Exception;
}
