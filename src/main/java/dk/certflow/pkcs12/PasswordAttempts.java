package dk.certflow.pkcs12;

import dk.certflow.crypto.BouncyCastle;
import dk.certflow.findings.FindingCode;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies the password to one PFX. Each form is tried only after the previous one failed, and the form that worked
 * is tried first from then on, so with a correct password the MAC is computed once and every key derived once.
 */
final class PasswordAttempts implements AutoCloseable {

    /** A step that needs the password, such as decrypting one encrypted content or key. */
    interface Decryption<T> {
        T apply(InputDecryptorProvider decryptor) throws PKCSException;
    }

    private final List<PasswordForm> forms;
    private final boolean given;
    private boolean macVerified;

    PasswordAttempts(char[] password) {
        this.forms = new ArrayList<>(PasswordForm.of(password));
        this.given = password != null;
    }

    void verifyMac(Pfx pfx) throws ReadProblem {
        for (PasswordForm form : forms) {
            try {
                if (MacCheck.isValid(pfx, form)) {
                    preferred(form);
                    macVerified = true;
                    return;
                }
            } catch (RuntimeException e) {
                throw new ReadProblem(FindingCode.UNREADABLE, "The integrity check (MAC) of the file cannot be computed.");
            }
        }
        throw wrongPassword();
    }

    <T> T decrypt(Decryption<T> step, String what) throws ReadProblem {
        for (PasswordForm form : forms) {
            InputDecryptorProvider decryptor = new JcePKCSPBEInputDecryptorProviderBuilder()
                    .setProvider(BouncyCastle.PROVIDER)
                    .setTryWrongPKCS12Zero(form.emptyAsTerminator())
                    .build(form.chars());
            if (!form.emptyAsTerminator()) { // the lightweight builder encodes an empty password as no bytes only
                decryptor = new Pkcs12PbeWithJdkSha1(decryptor, form.chars());
            }
            decryptor = new Pbes2Decryption(decryptor, BouncyCastle.PROVIDER, form.chars());
            try {
                T result = step.apply(decryptor);
                preferred(form);
                return result;
            } catch (PKCSException | RuntimeException e) {
                // a wrong password shows as bad padding or as garbage that does not parse: try the next form
            }
        }
        if (macVerified) {
            throw new ReadProblem(FindingCode.UNREADABLE, "The " + what + " cannot be decrypted although the password is right.");
        }
        throw wrongPassword();
    }

    private ReadProblem wrongPassword() {
        return given
                ? new ReadProblem(FindingCode.PASSWORD_INCORRECT, "The password does not open the file.")
                : new ReadProblem(FindingCode.PASSWORD_MISSING, "The file is protected by a password, and none was given.");
    }

    private void preferred(PasswordForm form) {
        forms.remove(form);
        forms.add(0, form);
    }

    @Override
    public void close() {
        forms.forEach(PasswordForm::clear);
    }
}
