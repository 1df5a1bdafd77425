-- The last revocation status learned for each certificate (CONTRACTS §9), and whether its certificate.revoked notice
-- went out: notified_at is claimed once, so the notice is sent once across restarts and concurrent watches.
CREATE TABLE revocations (
    fingerprint VARCHAR(64)   NOT NULL PRIMARY KEY,
    status      VARCHAR(16)   NOT NULL,
    checked_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE,
    reason      VARCHAR(1000),
    notified_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT revocations_certificate_fk FOREIGN KEY (fingerprint) REFERENCES certificates (fingerprint),
    CONSTRAINT revocations_status_check CHECK (status IN ('good', 'revoked', 'unknown'))
);
