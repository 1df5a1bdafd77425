package dk.certflow.delivery;

import dk.certflow.testing.FormParts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartBodyTest {

    @Test
    void namesCannotBreakOutOfTheirHeader() throws Exception {
        String evilFileName = "x.p12\"\r\nContent-Type: text/html\r\n\r\n<script>";
        MultipartBody body = new MultipartBody()
                .file("certificate", evilFileName, "application/x-pkcs12", new byte[] {1, 2, 3})
                .field("a\"b\nc", "value");

        List<FormParts.Part> parts = FormParts.parse(body.contentType(), body.build());

        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).fileName()).isEqualTo("x.p12%22%0D%0AContent-Type: text/html%0D%0A%0D%0A<script>");
        assertThat(parts.get(0).contentType()).isEqualTo("application/x-pkcs12");
        assertThat(parts.get(0).content()).containsExactly(1, 2, 3);
        assertThat(parts.get(1).name()).isEqualTo("a%22b%0Ac");
        assertThat(parts.get(1).text()).isEqualTo("value");
    }

    @Test
    void aContentTypeWithALineBreakIsRefused() {
        MultipartBody body = new MultipartBody();

        assertThatThrownBy(() -> body.file("f", "f", "text/plain\r\nX-Evil: 1", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secretFieldsAreSentAsUtf8() throws Exception {
        MultipartBody body = new MultipartBody().field("password", "Kødpålæg-æøå".toCharArray());

        List<FormParts.Part> parts = FormParts.parse(body.contentType(), body.build());

        assertThat(parts.get(0).content()).isEqualTo("Kødpålæg-æøå".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachBodyGetsItsOwnBoundaryAndIsBuiltOnce() {
        MultipartBody first = new MultipartBody().field("a", "1");
        MultipartBody second = new MultipartBody();

        assertThat(first.contentType()).matches("multipart/form-data; boundary=certflow-[0-9a-f]{32}")
                .isNotEqualTo(second.contentType());
        first.build();
        assertThatThrownBy(first::build).isInstanceOf(IllegalStateException.class);
    }
}
