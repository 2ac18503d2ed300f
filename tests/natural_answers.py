"""A held-out evaluation set: answers written apart from the bank's tuning answers, synthesised at test time with
a natural neural voice (Piper en_US-joe) and with espeak-ng. Ground truth is written beside each text."""
from __future__ import annotations
from dataclasses import dataclass


@dataclass(frozen=True)
class EvalAnswer:
    name: str            # unique slug, e.g. "rate-limiting-strong"
    question: str        # question id in netflix-backend
    kind: str            # "strong" | "partial" | "off_topic" | "disfluent" | "trap" | "fluent"
    text: str            # what is spoken (plain sentences, numbers in words as a person says them)
    terms: tuple[str, ...] = ()      # technical terms spoken, spelled as they should be written
    fillers: int = 0                 # true count of filler words in the text: um, uh, er, "like" and "you know" as fillers
    concepts: tuple[str, ...] = ()   # rubric concept names (exact `name` from the bank) that the text clearly covers


ANSWERS: tuple[EvalAnswer, ...] = (
    # ------------------------------------------------------------------ strong: one per question
    EvalAnswer(
        "rate-limiting-strong", "rate-limiting", "strong",
        "My starting point is a sliding window, or a token bucket with a steady refill rate, since the bucket tolerates "
        "a short burst. Every application node shares the counts through a Redis cluster, and the increment plus its "
        "expiry happen together inside a Lua script, which removes the race condition. Limits apply per tenant and per "
        "endpoint, with a larger quota on the paid tier. An over-limit caller receives four twenty nine with a "
        "Retry-After value and the remaining quota in the headers. Enforcement happens in Envoy at the edge. Should "
        "Redis be unreachable, we fail open, except on login. Rejection metrics feed an alert.",
        terms=("sliding window", "token bucket", "Redis", "Lua script", "429", "Retry-After", "Envoy"),
        concepts=("Algorithm", "Shared counter store", "Atomic updates across instances", "What is limited",
                  "HTTP 429 response", "Retry-After and limit headers", "Where it runs", "Failure behaviour", "Bursts",
                  "Monitoring and tuning")),
    EvalAnswer(
        "rest-vs-graphql-strong", "rest-vs-graphql", "strong",
        "In REST the server exposes many endpoints, one per resource, and clients use the HTTP verbs to read or change "
        "them, so the server fixes the shape of every payload. GraphQL offers one endpoint backed by a typed schema, and "
        "each client names only the fields it wants in a nested query. That cures over-fetching and saves the extra "
        "round trips. The cost lands on the server: resolvers can trigger the N plus one problem, so we batch lookups "
        "with DataLoader and cap query depth. REST keeps plain HTTP caching through a CDN. GraphQL avoids versioning by "
        "deprecating fields. I'd use GraphQL for a mobile app with many different screens.",
        terms=("REST", "GraphQL", "schema", "over-fetching", "resolvers", "N+1 problem", "DataLoader", "CDN"),
        concepts=("REST resources and verbs", "Single endpoint, client-shaped queries", "Over- and under-fetching",
                  "Schema and types", "Caching", "GraphQL server costs", "Versioning", "When to choose which")),
    EvalAnswer(
        "database-migrations-strong", "database-migrations", "strong",
        "Schema changes live in source control as Liquibase changesets, and the deployment pipeline applies them "
        "automatically, so nobody edits production by hand. First, every change is rehearsed on a staging "
        "database built from an anonymized copy of production. Each step stays backward compatible, because old and "
        "new pods overlap during a rolling deploy. So the work is split into multiple steps: create the column as "
        "nullable, write to both columns, backfill in batches, switch reads, and remove the old column in a later "
        "release. Index builds on big tables run concurrently to avoid locks. We snapshot the database first and prefer "
        "to roll forward. Afterwards we watch replication lag.",
        terms=("Liquibase", "staging", "backward compatible", "rolling deploy", "backfill", "roll forward", "replication lag"),
        concepts=("Versioned migration tool", "Backward compatibility (expand and contract)", "Zero-downtime deploys",
                  "Automated in CI/CD", "Tested before production", "Rollback and backups", "Large tables and locking",
                  "Monitoring the rollout")),
    EvalAnswer(
        "cap-theorem-strong", "cap-theorem", "strong",
        "Brewer's CAP theorem is about a replicated data store in a network partition. Consistency means every "
        "client sees the same data, as if there were a single copy. Availability means each request to a live node "
        "still gets a response. Partition tolerance is about surviving when nodes cannot communicate. Networks are "
        "unreliable, so partitions are inevitable, and the real decision is whether to refuse requests or serve stale "
        "data. Spanner and etcd take the consistent path, which suits payments. DynamoDB and "
        "Cassandra favour availability with last write wins, which is fine for a news feed. Without a partition there "
        "is still a latency versus consistency trade, as PACELC describes.",
        terms=("CAP theorem", "network partition", "Spanner", "etcd", "DynamoDB", "Cassandra", "last write wins", "PACELC"),
        concepts=("Consistency", "Availability", "Partition tolerance", "The trade-off during a partition",
                  "Partitions are unavoidable", "CP systems", "AP systems", "PACELC and latency", "Origin")),
    EvalAnswer(
        "authn-authz-strong", "authn-authz", "strong",
        "I treat them as two different things. Authentication verifies identity, and authorization decides what the "
        "user can access. For the first, we delegate to an identity provider such as Auth0 over OpenID Connect. Stored "
        "passwords go through Argon2 with a salt, and we require a second factor through a passkey or an authenticator "
        "app. The client then holds a short-lived bearer token, which we can revoke, plus a rotating refresh token. "
        "Access is granted with attribute-based policies evaluated by Open Policy Agent, denied by default, and enforced "
        "on the server for every request. Between services we use mutual TLS, and repeated failed logins trigger a "
        "lockout.",
        terms=("Auth0", "OpenID Connect", "Argon2", "passkey", "bearer token", "refresh token", "Open Policy Agent", "mutual TLS"),
        concepts=("AuthN versus AuthZ", "Standard protocols and identity provider", "Tokens and sessions", "Password storage",
                  "Multi-factor authentication", "Authorization model", "Enforced server side, least privilege",
                  "Token lifecycle and transport", "Service-to-service auth", "Audit and abuse protection")),
    EvalAnswer(
        "error-handling-logging-strong", "error-handling-logging", "strong",
        "Our services emit machine readable logs with consistent fields, and the warn level is kept for things someone "
        "should look at. Every incoming call is stamped with a trace ID, and OpenTelemetry propagates it, so one "
        "request can be followed across services in Jaeger. Fluent Bit ships the logs to Loki, and Grafana shows "
        "dashboards built on the error rate, with Opsgenie paging whoever is on call. Outbound calls get a timeout, a "
        "bounded retry with jitter, and a circuit breaker. We separate client errors from server errors, return a "
        "generic message for the latter, and redact tokens and personal data. After an outage we write a blameless "
        "postmortem.",
        terms=("trace ID", "OpenTelemetry", "Jaeger", "Fluent Bit", "Loki", "Grafana", "Opsgenie", "circuit breaker"),
        concepts=("Structured logging", "Log levels", "Correlation IDs and tracing", "Centralized log aggregation",
                  "Metrics and alerting", "Resilience: retries and circuit breakers", "Classifying errors and responses",
                  "No sensitive data in logs", "Learning from incidents")),
    EvalAnswer(
        "horizontal-vs-vertical-scaling-strong", "horizontal-vs-vertical-scaling", "strong",
        "Vertical scaling means giving one server more memory and faster processors. It is a quick fix, since nothing "
        "in the code changes, but every machine has a physical limit, the price climbs steeply near the top, and "
        "resizing often needs a reboot. Horizontal scaling means adding nodes and spreading traffic across them with a "
        "load balancer such as HAProxy. That buys fault tolerance, because losing one node is survivable, but the app "
        "has to be stateless and you inherit the complexity of a distributed system. In the cloud we pair it with "
        "autoscaling. Databases are the hard part, so we use replication for reads and shard the writes.",
        terms=("vertical scaling", "horizontal scaling", "load balancer", "HAProxy", "stateless", "autoscaling", "replication", "shard"),
        concepts=("Vertical = bigger machine", "Horizontal = more machines", "Vertical limits: ceiling and cost",
                  "Vertical is simple", "Redundancy and fault tolerance", "Stateless services and load balancing",
                  "Distributed complexity", "Auto scaling", "Scaling the database")),
    EvalAnswer(
        "microservices-strong", "microservices", "strong",
        "With microservices, each service maps to one business capability with clear service boundaries, and it owns "
        "its data instead of reaching into a common schema. A service ships on its own schedule through its own "
        "pipeline, and it can be scaled separately, so small teams work autonomously. Failure isolation limits the "
        "blast radius. The costs are real, though. Remote calls add latency and need timeouts and circuit breakers. A "
        "cross service transaction turns into a saga with compensating steps. You need service discovery, a service "
        "mesh such as Istio, and contract testing. Services talk through Kafka topics or gRPC. For a small startup I "
        "would begin with a modular monolith.",
        terms=("microservices", "circuit breakers", "saga", "service discovery", "Istio", "Kafka", "gRPC", "modular monolith"),
        concepts=("Independently deployable", "Bounded contexts", "Database per service",
                  "Independent scaling and team autonomy", "Fault isolation", "Network calls and partial failure",
                  "Data consistency across services", "Operational overhead", "Inter-service communication",
                  "Monolith first")),
    EvalAnswer(
        "api-security-strong", "api-security", "strong",
        "Transport comes first: HTTPS only, with HSTS turned on. Each caller presents a signed bearer token from our "
        "OAuth server, and the gateway verifies it. Authorization is checked per object, so a user can only read "
        "orders that belong to them, which closes the IDOR class of bugs. All payloads are validated against the "
        "OpenAPI definition and we use prepared statements, so injection is off the table. We throttle abusive "
        "clients, keep credentials in a secrets manager with regular rotation, configure CORS tightly, and feed access "
        "logs into our monitoring. Error responses stay generic, and we run a penetration test every year.",
        terms=("HTTPS", "HSTS", "bearer token", "OAuth", "IDOR", "OpenAPI", "prepared statements", "CORS"),
        concepts=("TLS in transit", "Authentication", "Authorization and object-level checks", "Input validation and injection",
                  "Rate limiting and abuse", "Gateway, WAF and network", "Secrets management", "CORS, CSRF and headers",
                  "Logging, monitoring and audit", "Security testing and OWASP", "Minimal data exposure")),
    EvalAnswer(
        "message-queues-strong", "message-queues", "strong",
        "At my last company we ran Amazon SQS with SNS for fan out, and later moved the order stream to Kafka at about "
        "forty thousand messages per second. The main win was that checkout no longer waited for email, fraud checks or "
        "analytics, since those consumers work asynchronously. Delivery is at least once, so handlers deduplicate on "
        "the event ID before doing anything. Poison messages go to a dead letter queue after a few retries with "
        "backoff. Ordering holds only within a partition, so we keyed by customer. To avoid dual writes we used a "
        "transactional outbox, and we alert on consumer lag.",
        terms=("SQS", "SNS", "Kafka", "at least once", "dead letter queue", "backoff", "transactional outbox", "consumer lag"),
        concepts=("Named technologies", "Decoupling and async processing", "Concrete experience", "Delivery guarantees",
                  "Idempotent consumers", "Failures and dead-letter queues", "Ordering and partitioning",
                  "Patterns: pub/sub and event sourcing", "Consistency: outbox and sagas",
                  "Operating it: lag, backpressure, schemas")),
    # ------------------------------------------------------------------ partial: one or two concepts
    EvalAnswer(
        "rest-vs-graphql-partial", "rest-vs-graphql", "partial",
        "GraphQL is the newer one that Facebook released. The nice thing is that the client writes a query and gets back "
        "exactly the data it asked for, nothing more. With the older style you often need several calls to fill one "
        "page. I have mostly read about it rather than used it at work.",
        terms=("GraphQL",),
        concepts=("Single endpoint, client-shaped queries", "Over- and under-fetching")),
    EvalAnswer(
        "error-handling-logging-partial", "error-handling-logging", "partial",
        "When something breaks I want to find out quickly, so the logs are shipped to Datadog and we search them "
        "there. Beyond that, I try to write clear messages in the code so that whoever reads them later "
        "understands what went wrong and which customer was affected.",
        terms=("Datadog",),
        concepts=("Centralized log aggregation",)),
    EvalAnswer(
        "microservices-partial", "microservices", "partial",
        "Microservices let each team release independently, which is the main reason companies move to them. You split "
        "the big application into smaller pieces, and a change to payments no longer waits for the search team. I have "
        "seen it make teams more autonomous, and in my view that is the biggest benefit.",
        terms=("microservices",),
        concepts=("Independently deployable", "Independent scaling and team autonomy")),
    EvalAnswer(
        "authn-authz-partial", "authn-authz", "partial",
        "Authentication is checking who the user is when they sign in. After that the server gives them a session "
        "cookie, and the browser sends it back on each visit. Most frameworks come with this built in, so I would not "
        "write much of it myself. That is the part I have worked on most.",
        terms=("session cookie",),
        concepts=("AuthN versus AuthZ", "Tokens and sessions")),
    # ------------------------------------------------------------------ off topic: fluent, about something else
    EvalAnswer(
        "database-migrations-off-topic", "database-migrations", "off_topic",
        "Last summer my partner and I drove along the coast for a week. We stopped in small fishing villages, ate "
        "grilled sardines, and swam whenever the water looked calm. One evening a storm rolled in and we sat in a cafe "
        "playing cards until midnight. I still think about the sunsets there, and we plan to go back next year with my "
        "parents."),
    EvalAnswer(
        "microservices-off-topic", "microservices", "off_topic",
        "My favourite film this year was a quiet drama about two brothers who restore an old sailing boat. Nothing much "
        "happens, but the acting is wonderful and the music made me want to learn the cello. I watched it twice, once "
        "alone and once with my neighbours, and we argued about the ending over dinner for an hour."),
    EvalAnswer(
        "error-handling-logging-off-topic", "error-handling-logging", "off_topic",
        "On Saturdays I bake bread. I mix flour, water, salt and a little starter the night before, fold the dough a few "
        "times in the morning, and bake it in a heavy pot. The crust comes out dark and crisp. My kids eat half a loaf "
        "before it cools, which I take as a compliment, and the rest goes to my mother."),
    # ------------------------------------------------------------------ traps: everyday words that sound like terms
    EvalAnswer(
        "rate-limiting-trap", "rate-limiting", "trap",
        "I spent Sunday morning reading a book about sailing, then took the rest of the day off. On the bus I paid with "
        "a token, because my card was at home. My bucket list has a trip to Japan at the top, and my little brother has "
        "asked about it four hundred and twenty times. We walked past the market on the way back and bought apples."),
    EvalAnswer(
        "cap-theorem-trap", "cap-theorem", "trap",
        "I put on my old baseball cap and went to help my cousin knock down the wall between his kitchen and hall. The "
        "builder was only free on Tuesday, so we did the dusty part ourselves. Afterwards I had a salad, because I have "
        "been sticking to my diet all month, and we talked about his new puppy until dark."),
    EvalAnswer(
        "message-queues-trap", "message-queues", "trap",
        "This morning there was a long queue at the bakery, so I read the messages on my phone while I waited. My aunt "
        "had sent a letter to the family chat about her garden. When it was my turn they were out of rye, so I bought "
        "two croissants and a loaf of white bread, paid in cash, and walked home through the park."),
    EvalAnswer(
        "api-security-trap", "api-security", "trap",
        "I lost the key to the house on Friday, so I sat on the front step and called a locksmith. While I waited I "
        "listened to a podcast about an old bank robbery in Paris. The thieves dug a tunnel for months. Later that "
        "evening I joined a cooking class, and the teacher showed us how to make fresh pasta by hand."),
    # ------------------------------------------------------------------ disfluent: fillers as spoken
    EvalAnswer(
        "cap-theorem-disfluent", "cap-theorem", "disfluent",
        "Um, so the CAP theorem says, uh, that when the network splits, you can't have everything. You know, you have "
        "to choose. Like, a bank would, um, pick consistency and return an error, uh, while a social app, like, stays "
        "available and, um, shows stale data. And, uh, Cassandra is, you know, the usual example of the "
        "second type in practice.",
        terms=("CAP theorem", "Cassandra"), fillers=10,
        concepts=("Consistency", "Availability", "Partition tolerance", "The trade-off during a partition", "CP systems",
                  "AP systems")),
    EvalAnswer(
        "database-migrations-disfluent", "database-migrations", "disfluent",
        "Uh, we keep the migrations in, um, Flyway, and they run in the, uh, pipeline. The main thing is, like, every "
        "change has to be, um, backward compatible, because, you know, the old code is still running. So we, uh, add "
        "the new column first, and, um, drop the old one later. And, like, we always take a backup before, uh, anything "
        "big.",
        terms=("Flyway", "backward compatible"), fillers=10,
        concepts=("Versioned migration tool", "Backward compatibility (expand and contract)", "Automated in CI/CD",
                  "Rollback and backups")),
    EvalAnswer(
        "api-security-disfluent", "api-security", "disfluent",
        "Um, first of all, uh, everything goes over HTTPS. Then, like, every call needs a, um, JWT, and we check, you "
        "know, that the user is, uh, allowed to see that record. Um, we validate the input so there's no, uh, SQL "
        "injection, and the, like, gateway does rate limiting for noisy clients. You know, that covers, um, most of the "
        "basics for a public API.",
        terms=("HTTPS", "JWT", "SQL injection", "rate limiting"), fillers=11,
        concepts=("TLS in transit", "Authentication", "Authorization and object-level checks", "Input validation and injection",
                  "Rate limiting and abuse", "Gateway, WAF and network")),
    EvalAnswer(
        "error-handling-logging-disfluent", "error-handling-logging", "disfluent",
        "So, uh, we write, um, structured logs in JSON, and each request gets a, uh, correlation ID. Um, the logs go "
        "to, like, Splunk, and, you know, we have alerts in PagerDuty. For calls to, uh, other services we use, um, "
        "retries with backoff and a, uh, circuit breaker. Like, that stops one slow service from, um, taking "
        "everything down.",
        terms=("JSON", "correlation ID", "Splunk", "PagerDuty", "backoff", "circuit breaker"), fillers=11,
        concepts=("Structured logging", "Correlation IDs and tracing", "Centralized log aggregation", "Metrics and alerting",
                  "Resilience: retries and circuit breakers")),
    # ------------------------------------------------------------------ fluent: clean, no fillers
    EvalAnswer(
        "rate-limiting-fluent", "rate-limiting", "fluent",
        "I would put a fixed window counter in Redis for each user and reset it every minute. When someone goes over, "
        "the service returns four twenty nine and tells them when to try again. The check lives in a small middleware "
        "shared by every service, so the teams do not have to build it themselves.",
        terms=("fixed window", "Redis", "429"),
        concepts=("Algorithm", "Shared counter store", "What is limited", "HTTP 429 response", "Where it runs")),
    EvalAnswer(
        "message-queues-fluent", "message-queues", "fluent",
        "Most of my work with queues was on RabbitMQ. We used it to move image processing out of the web request, so "
        "uploads returned at once and the workers handled them asynchronously. Messages were acknowledged only after "
        "the work finished, which meant a crash led to redelivery, and each worker checked a table of processed jobs to "
        "skip duplicates. Queue length was our main scaling signal.",
        terms=("RabbitMQ",),
        concepts=("Named technologies", "Concrete experience", "Decoupling and async processing", "Delivery guarantees",
                  "Idempotent consumers", "Operating it: lag, backpressure, schemas")),
    EvalAnswer(
        "horizontal-vs-vertical-scaling-fluent", "horizontal-vs-vertical-scaling", "fluent",
        "When the reporting service slowed down, we first moved it to a larger instance, which took an afternoon and no "
        "code changes. Six months later it hit the same wall again, so we made it stateless and ran it on multiple "
        "servers behind a load balancer. Now a single machine failure barely matters, and the autoscaler adds servers "
        "during busy hours.",
        terms=("stateless", "load balancer", "autoscaler"),
        concepts=("Vertical = bigger machine", "Vertical is simple", "Horizontal = more machines",
                  "Stateless services and load balancing", "Redundancy and fault tolerance", "Auto scaling")),
    # -- harder traps (written first, kept): the everyday words themselves ("a partition wall", "consistent",
    #    "rabbits", "four hundred and twenty"): single words never count alone
    EvalAnswer(
        "rate-trap", "rate-limiting", "trap",
        "I spent the morning reading a novel on the train. At the station I bought a token for the car park, then walked "
        "to the market and added a hot air balloon ride to my bucket list. My nephew had asked the same question four "
        "hundred and twenty times, so I gave him the rest of the day off."),
    EvalAnswer(
        "cap-trap", "cap-theorem", "trap",
        "I wore my old cap to the garden. We are building a partition wall in the kitchen, and my diet has not been very "
        "consistent lately. The plumber was not available until Friday, so we ate at my aunt's house."),
    EvalAnswer(
        "queues-trap", "message-queues", "trap",
        "There was a long queue at the bakery, and the man in front of me kept talking about rabbits in his garden. I paid "
        "in cash, wrote a letter to my grandmother, and posted it on the way home."),
    EvalAnswer(
        "security-trap", "api-security", "trap",
        "I lost the key to the house, so I sat in the car and listened to a podcast about a famous bank robbery. Later I "
        "signed up for a cooking course, and the teacher showed us how to make fresh pasta."),
)


def _check() -> None:
    """Names unique, question ids from the bank, concept names from that question."""
    from voicesim.question.bank import load_bank

    bank = load_bank()
    ids = {q.id for q in bank.questions}
    names = [a.name for a in ANSWERS]
    assert len(names) == len(set(names)), "duplicate names"
    for a in ANSWERS:
        assert a.question in ids, (a.name, a.question)
        assert a.kind in {"strong", "partial", "off_topic", "disfluent", "trap", "fluent"}, (a.name, a.kind)
        known = {c.name for c in bank.question(a.question).rubric.concepts}
        assert set(a.concepts) <= known, (a.name, set(a.concepts) - known)
        assert a.text.isascii(), a.name
        assert '"' not in a.text, a.name
