-- Two or more nodes on one database (CONTRACTS §11). Every lease carries the node that holds it and when it ends
-- unless renewed; a node that stops renewing (killed, cut off) loses its leases and the others take its work over.

-- The nodes that are running, and when each was last heard of.
CREATE TABLE cluster_nodes (
    node_id    VARCHAR(100) NOT NULL,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    seen_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT cluster_nodes_pk PRIMARY KEY (node_id)
);

-- Named leases; 'timers' is held by the node that runs the expiry watch and the outbox retry.
CREATE TABLE cluster_leases (
    name       VARCHAR(32)  NOT NULL,
    node_id    VARCHAR(100) NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT cluster_leases_pk PRIMARY KEY (name)
);

-- A file of the drop folder being processed, and by which node (the file consumer's read lock).
CREATE TABLE intake_claims (
    file_key   VARCHAR(1000) NOT NULL,
    node_id    VARCHAR(100)  NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT intake_claims_pk PRIMARY KEY (file_key)
);

-- The node a delivery is in flight on; null when it waits in the outbox.
ALTER TABLE deliveries ADD COLUMN leased_by VARCHAR(100);
