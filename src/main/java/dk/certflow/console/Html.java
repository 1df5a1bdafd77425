package dk.certflow.console;

import org.apache.commons.text.StringEscapeUtils;

/** Everything put on the page goes through here: text and attribute values (always in double quotes) escaped. */
final class Html {

    private Html() {
    }

    static String escape(String text) {
        return text == null ? "" : StringEscapeUtils.escapeHtml4(text);
    }
}
