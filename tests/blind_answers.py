"""A third held-out evaluation set (issue 15), written apart from every other answer set and from the recogniser's
settings, measured once after the transcription changes were made. Ground truth beside each text."""
from __future__ import annotations

from tests.natural_answers import EvalAnswer

ANSWERS: tuple[EvalAnswer, ...] = (
    # ------------------------------------------------------------------ strong: five questions, five speakers
    EvalAnswer(
        "blind-rate-limiting-strong", "rate-limiting", "strong",
        "At the payments company we limited every merchant by API key, with a stricter limit per card number on the "
        "charge endpoint. We used a token bucket, so a merchant could burst to fifty requests at once while the refill "
        "held them to twenty a second on average. The buckets lived in Redis, and each check ran as a small Lua script, "
        "so the read and the decrement were atomic across all our instances. The limiter sat in the API gateway, in "
        "front of the services. When a bucket ran dry we returned four twenty nine with a Retry-After header and the "
        "remaining quota in the response headers. If Redis went down we failed open for reads but failed closed for "
        "payouts. We graphed rejections per merchant in Grafana and retuned the limits every quarter.",
        terms=("API", "token bucket", "Redis", "Lua", "429", "Retry-After", "Grafana"),
        fillers=0,
        concepts=("Algorithm", "Shared counter store", "Atomic updates across instances", "What is limited",
                  "HTTP 429 response", "Retry-After and limit headers", "Where it runs", "Failure behaviour",
                  "Bursts", "Monitoring and tuning"),
    ),
    EvalAnswer(
        "blind-database-migrations-strong", "database-migrations", "strong",
        "At the bank every schema change went through Flyway, as numbered migration scripts kept in the same repository "
        "as the code. We followed expand and contract: add the new column first, deploy code that writes to both, "
        "backfill, and drop the old column one release later, so old and new versions of the service could run side by "
        "side with no downtime. Our Jenkins pipeline applied every migration automatically, first against a restored "
        "copy of production data in staging. On big PostgreSQL tables we built indexes concurrently and backfilled in "
        "small batches to avoid long locks. We took a snapshot before each release and planned a forward fix in case "
        "it went wrong. A senior engineer reviewed every change, we never ran one at month end, and we watched "
        "replication lag and error rates until it finished.",
        terms=("Flyway", "expand and contract", "Jenkins", "PostgreSQL"),
        fillers=0,
        concepts=("Versioned migration tool", "Backward compatibility (expand and contract)", "Zero-downtime deploys",
                  "Automated in CI/CD", "Tested before production", "Rollback and backups",
                  "Large tables and locking", "Monitoring the rollout", "Review and timing"),
    ),
    EvalAnswer(
        "blind-message-queues-strong", "message-queues", "strong",
        "At a logistics startup I built our parcel tracking on Kafka, with RabbitMQ for a few simple task queues. When a "
        "parcel was scanned, the scanning service published an event and moved on, and billing, notifications and the "
        "customer map each subscribed to it separately, so a slow email provider never held up the warehouse. Kafka "
        "gave us at least once delivery, so every consumer stored the event ID and skipped duplicates. We keyed the "
        "topic by parcel ID, so events for one parcel stayed in order within a partition. Messages that failed three "
        "times went to a dead letter topic, which we replayed after a fix. We used the outbox pattern, writing the event "
        "in the same Postgres transaction as the status change. We alerted on consumer lag and kept our Avro schemas in "
        "a schema registry.",
        terms=("Kafka", "RabbitMQ", "at least once", "dead letter", "outbox", "Postgres", "consumer lag", "Avro",
               "schema registry"),
        fillers=0,
        concepts=("Named technologies", "Decoupling and async processing", "Concrete experience",
                  "Delivery guarantees", "Idempotent consumers", "Failures and dead-letter queues",
                  "Ordering and partitioning", "Patterns: pub/sub and event sourcing", "Consistency: outbox and sagas",
                  "Operating it: lag, backpressure, schemas"),
    ),
    EvalAnswer(
        "blind-api-security-strong", "api-security", "strong",
        "In the hospital system, our patient records API was only reachable over TLS, behind an Azure gateway with a "
        "web application firewall. Clinicians signed in through our identity provider with OpenID Connect, and every "
        "request carried a short lived access token. But signing in was only the start: for each record we checked that "
        "this clinician was assigned to that patient, because guessing another patient number was the attack we feared "
        "most. Input went through strict schema validation and parameterised queries. We rate limited each user, kept "
        "database credentials in Key Vault, and returned only the fields each screen needed. Every read of a record went "
        "into an audit log for the privacy team. Before each release we ran OWASP ZAP scans, and once a year an outside "
        "firm ran a penetration test.",
        terms=("API", "TLS", "Azure", "web application firewall", "OpenID Connect", "access token", "Key Vault",
               "OWASP", "ZAP"),
        fillers=0,
        concepts=("TLS in transit", "Authentication", "Authorization and object-level checks",
                  "Input validation and injection", "Rate limiting and abuse", "Gateway, WAF and network",
                  "Secrets management", "Logging, monitoring and audit", "Security testing and OWASP",
                  "Minimal data exposure"),
    ),
    EvalAnswer(
        "blind-horizontal-vs-vertical-scaling-strong", "horizontal-vs-vertical-scaling", "strong",
        "Vertical scaling means giving one server more CPU and memory, and horizontal scaling means adding more servers "
        "and spreading the load across them. At the game studio our first matchmaking server simply moved to a bigger "
        "instance before every launch, which was easy because nothing in the code had to change. But there is a "
        "ceiling, the largest machines cost far more per player, and one box is a single point of failure. So we moved "
        "the lobby services to many small stateless containers behind a load balancer, kept sessions in Redis, and let "
        "Kubernetes add pods as player counts rose. That brought its own problems, such as service discovery and "
        "debugging across nodes. The database was the hardest part: we added read replicas and then sharded player "
        "data by region.",
        terms=("CPU", "stateless", "load balancer", "Redis", "Kubernetes", "read replicas"),
        fillers=0,
        concepts=("Vertical = bigger machine", "Horizontal = more machines", "Vertical limits: ceiling and cost",
                  "Vertical is simple", "Redundancy and fault tolerance", "Stateless services and load balancing",
                  "Distributed complexity", "Auto scaling", "Scaling the database"),
    ),
    # ------------------------------------------------------------------ partial
    EvalAnswer(
        "blind-cap-theorem-partial", "cap-theorem", "partial",
        "The CAP theorem is about three properties of a distributed system. Consistency means every read sees the latest "
        "write. Availability means every request gets an answer, even when some nodes are down. Partition tolerance "
        "means the system keeps working when the network between nodes breaks. I have read that it matters for "
        "databases such as Cassandra, but I have not had to design around it myself.",
        terms=("CAP", "Cassandra"),
        fillers=0,
        concepts=("Consistency", "Availability", "Partition tolerance"),
    ),
    # ------------------------------------------------------------------ disfluent
    EvalAnswer(
        "blind-rest-vs-graphql-disfluent", "rest-vs-graphql", "disfluent",
        "So, um, with REST you have resources, uh, each at its own URL, and you use the HTTP verbs, um, GET, POST, "
        "DELETE and so on. GraphQL is, uh, one endpoint, and the client, um, writes a query for exactly the fields it "
        "wants. That helps with, uh, over fetching, where you get, like, way more data than the screen needs. The "
        "downside is, uh, caching is harder, because everything is, you know, a POST to the same URL. So for a simple "
        "public API I would, um, still pick REST.",
        terms=("REST", "URL", "HTTP", "GET", "POST", "DELETE", "GraphQL", "API"),
        fillers=10,
        concepts=("REST resources and verbs", "Single endpoint, client-shaped queries", "Over- and under-fetching",
                  "Caching", "When to choose which"),
    ),
    EvalAnswer(
        "blind-error-handling-logging-disfluent", "error-handling-logging", "disfluent",
        "Um, for errors, we log everything as, uh, structured JSON, so each line has fields we can search on. Every "
        "request gets a, um, correlation ID at the edge, and we pass it along to, uh, the other services in a header. "
        "The logs all go to a tool like, uh, Datadog, where, um, the whole team can search them in one place. For calls "
        "to other services we, um, retry with backoff, and we have, uh, a circuit breaker so one slow dependency does "
        "not, like, take the whole site down. And we, um, make sure no passwords or card numbers end up in the logs, "
        "because those are, uh, very hard to clean up later.",
        terms=("JSON", "correlation ID", "Datadog", "backoff", "circuit breaker"),
        fillers=11,
        concepts=("Structured logging", "Correlation IDs and tracing", "Centralized log aggregation",
                  "Resilience: retries and circuit breakers", "No sensitive data in logs"),
    ),
    EvalAnswer(
        "blind-authn-authz-disfluent", "authn-authz", "disfluent",
        "Um, so authentication is, uh, proving who you are, and authorization is what you're, um, allowed to do. I "
        "would not build login myself, I'd use, uh, an identity provider with OpenID Connect, say Okta or, um, "
        "Keycloak. If we do keep passwords, they get hashed with, uh, bcrypt, and, like, never kept in plain text. Then "
        "every request's permissions get, um, checked on the server, you know, not just by hiding buttons in the front "
        "end, because, uh, anyone can call the API directly.",
        terms=("OpenID Connect", "Okta", "Keycloak", "bcrypt", "API"),
        fillers=10,
        concepts=("AuthN versus AuthZ", "Standard protocols and identity provider", "Password storage",
                  "Enforced server side, least privilege"),
    ),
    # ------------------------------------------------------------------ fluent
    EvalAnswer(
        "blind-microservices-fluent", "microservices", "fluent",
        "Microservices split an application into small services that each own one business area and deploy on their "
        "own. That lets teams release and scale independently, and a crash in one service need not take down "
        "the rest. The price is failing network calls, a separate database per service that is hard to keep "
        "consistent, and more to operate. I would start with a monolith and split it later.",
        terms=("monolith",),
        fillers=0,
        concepts=("Independently deployable", "Bounded contexts", "Independent scaling and team autonomy",
                  "Fault isolation", "Network calls and partial failure", "Database per service",
                  "Data consistency across services", "Operational overhead", "Monolith first"),
    ),
    # ------------------------------------------------------------------ trap: everyday words that sound technical
    EvalAnswer(
        "blind-message-queues-trap", "message-queues", "trap",
        "On Saturday I waited in a long queue at the post office to collect a parcel. While I stood there my sister "
        "sent me a message about the house, because our broker had finally found a buyer. The delivery van outside had "
        "blocked the whole street, so by the time I got home the ice cream I had bought was melting in the bag.",
        terms=(),
        fillers=0,
        concepts=(),
    ),
    # ------------------------------------------------------------------ off topic
    EvalAnswer(
        "blind-cap-theorem-off-topic", "cap-theorem", "off_topic",
        "Last summer I walked the coast path in Cornwall with two friends, about fifteen miles a day for a week. We "
        "stayed in small guest houses, ate far too many pasties, and got caught in a storm near Land's End that soaked "
        "everything we owned. My boots never fully dried. It was still the best holiday I have had in years, and next "
        "spring we are planning to walk part of the Camino in Spain.",
        terms=(),
        fillers=0,
        concepts=(),
    ),
)
