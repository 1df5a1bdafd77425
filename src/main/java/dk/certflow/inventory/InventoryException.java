package dk.certflow.inventory;

import java.sql.SQLException;

/** The inventory database could not do what was asked; the cause holds the driver's report. */
public final class InventoryException extends RuntimeException {

    /** SQLSTATE of a unique or primary key violation, shared by H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    public InventoryException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }

    /** True when a unique key refused the write: the row is already there (perhaps written concurrently). */
    boolean isUniqueViolation() {
        return getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState());
    }
}
