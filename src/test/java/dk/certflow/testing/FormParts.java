package dk.certflow.testing;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a multipart/form-data body back with an independent parser (Jakarta Mail). */
public final class FormParts {

    public record Part(String name, String fileName, String contentType, byte[] content, String disposition) {

        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private FormParts() {
    }

    /** The part of that name; fails when there is not exactly one. */
    public static Part part(List<Part> parts, String name) {
        List<Part> named = parts.stream().filter(p -> name.equals(p.name())).toList();
        if (named.size() != 1) {
            throw new AssertionError("expected one part '" + name + "', found " + named.size());
        }
        return named.get(0);
    }

    public static List<Part> parse(String contentType, byte[] body) throws MessagingException, IOException {
        MimeMultipart multipart = new MimeMultipart(new ByteArrayDataSource(body, contentType));
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart bodyPart = multipart.getBodyPart(i);
            MimeBodyPart part = (MimeBodyPart) bodyPart;
            String disposition = part.getHeader("Content-Disposition", null);
            ContentDisposition parsed = new ContentDisposition(disposition);
            byte[] content;
            try (var in = part.getRawInputStream()) {
                content = in.readAllBytes();
            }
            parts.add(new Part(parsed.getParameter("name"), parsed.getParameter("filename"),
                    part.getHeader("Content-Type", null), content, disposition));
        }
        return parts;
    }
}
