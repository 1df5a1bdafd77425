package dk.certflow.camel;

import dk.certflow.inventory.Database;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** DOWN when the inventory database does not answer. */
final class DatabaseHealthCheck extends AbstractHealthCheck {

    private final Database database;

    DatabaseHealthCheck(Database database) {
        super("certflow", "database");
        this.database = database;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (database.isUsable()) {
            builder.up();
        } else {
            builder.message("the inventory database does not answer").down();
        }
    }
}
