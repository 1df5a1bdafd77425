package dk.certflow.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/** A producer template made on first use: the beans that send are built before the Camel context has started. */
final class LazyTemplate {

    private final CamelContext context;
    private volatile ProducerTemplate template;

    LazyTemplate(CamelContext context) {
        this.context = context;
    }

    ProducerTemplate get() {
        if (template == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
            }
        }
        return template;
    }
}
