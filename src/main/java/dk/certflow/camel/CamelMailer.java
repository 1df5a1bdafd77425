package dk.certflow.camel;

import dk.certflow.config.Settings;
import dk.certflow.outbox.MailMessage;
import dk.certflow.outbox.Mailer;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailEndpoint;

/**
 * E-mail through camel-mail over SMTP. STARTTLS is used whenever the server offers it; credentials are set on the
 * endpoint, never written into its URI (which Camel may log).
 */
final class CamelMailer implements Mailer {

    private final CamelContext context;
    private final Settings.Mail mail;
    private final Settings.Delivery timeouts;
    private volatile MailEndpoint endpoint;
    private final LazyTemplate template;

    CamelMailer(CamelContext context, Settings.Mail mail, Settings.Delivery timeouts) {
        this.context = context;
        this.template = new LazyTemplate(context);
        this.mail = mail;
        this.timeouts = timeouts;
    }

    @Override
    public void send(MailMessage message) throws Exception {
        Exchange result = template.get().send(endpoint(), exchange -> {
            exchange.getMessage().setHeader("Subject", message.subject());
            exchange.getMessage().setHeader("To", message.to());
            exchange.getMessage().setHeader("From", message.from());
            exchange.getMessage().setHeader("Content-Type", "text/plain; charset=UTF-8");
            exchange.getMessage().setBody(message.body());
        });
        if (result.getException() != null) {
            throw result.getException();
        }
    }

    private synchronized MailEndpoint endpoint() {
        if (endpoint == null) {
            MailEndpoint e = context.getEndpoint("smtp://" + mail.smtpHost() + ":" + mail.smtpPort(), MailEndpoint.class);
            if (mail.username() != null) {
                e.getConfiguration().setUsername(mail.username());
                e.getConfiguration().setPassword(mail.password().revealAsString());
            }
            Properties javaMail = new Properties();
            javaMail.setProperty("mail.smtp.starttls.enable", "true");
            javaMail.setProperty("mail.smtp.connectiontimeout", Long.toString(timeouts.connectTimeout().toMillis()));
            javaMail.setProperty("mail.smtp.timeout", Long.toString(timeouts.requestTimeout().toMillis()));
            javaMail.setProperty("mail.smtp.writetimeout", Long.toString(timeouts.requestTimeout().toMillis()));
            e.getConfiguration().setAdditionalJavaMailProperties(javaMail);
            e.getConfiguration().setConnectionTimeout((int) timeouts.connectTimeout().toMillis());
            endpoint = e;
        }
        return endpoint;
    }
}
