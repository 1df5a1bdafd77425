package dk.certflow.inventory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Conversions between Java time types and the portable column types the migrations use. */
final class Jdbc {

    private Jdbc() {
    }

    /**
     * Instants are stored in UTC with microsecond precision, the finest both databases keep; truncating here
     * (PostgreSQL would round) makes a value read back equal to the value written.
     */
    static Instant normalise(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, normalise(instant).atOffset(ZoneOffset.UTC));
        }
    }

    /** Binds instants, ids and strings to the statement's parameters, in order. */
    static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof Instant instant) {
                setInstant(statement, i + 1, instant);
            } else if (values[i] instanceof Long id) {
                statement.setLong(i + 1, id);
            } else {
                statement.setString(i + 1, (String) values[i]);
            }
        }
    }

    static Instant getInstant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static void setDate(PreparedStatement statement, int index, LocalDate date) throws SQLException {
        if (date == null) {
            statement.setNull(index, Types.DATE);
        } else {
            statement.setObject(index, date);
        }
    }

    static LocalDate getDate(ResultSet rows, String column) throws SQLException {
        return rows.getObject(column, LocalDate.class);
    }

    static void setNullableInt(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    static Integer getNullableInt(ResultSet rows, String column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }

    /** Keeps free text within its column. */
    static String clip(String text, int maxLength) {
        return text == null || text.length() <= maxLength ? text : text.substring(0, maxLength);
    }
}
