"""A second held-out evaluation set, written after the recogniser's vocabularies were frozen (never tuned on)."""
from __future__ import annotations

from tests.natural_answers import EvalAnswer

ANSWERS: tuple[EvalAnswer, ...] = (
    # ------------------------------------------------------------------
    # Strong answers: two per question (large streaming company, startup)
    # ------------------------------------------------------------------
    EvalAnswer(
        "fresh-rate-limiting-strong-1", "rate-limiting", "strong",
        "We enforce limits in two places, at the edge in Envoy and again in our API gateway, "
        "so abusive traffic never reaches the services. The algorithm is a token bucket per account, "
        "and we limit requests per second per user and per device, with a much stricter limit on sign in. "
        "The counters live in a shared Redis cluster, and we update them with a small Lua script "
        "so the check and the decrement are atomic across hundreds of instances. Over the limit, "
        "the client gets a four twenty nine with a Retry-After header and X-RateLimit-Remaining, "
        "so well behaved clients back off. The bucket size is what lets short bursts through. "
        "If Redis is down we fail open with a local limiter, and we tune the limits from Prometheus "
        "dashboards in Grafana.",
        terms=("Envoy", "API gateway", "token bucket", "Redis", "Lua", "429", "Retry-After",
               "X-RateLimit-Remaining", "Prometheus", "Grafana"),
        fillers=0,
        concepts=("Algorithm", "Shared counter store", "Atomic updates across instances",
                  "What is limited", "HTTP 429 response", "Retry-After and limit headers",
                  "Where it runs", "Failure behaviour", "Bursts", "Monitoring and tuning")),
    EvalAnswer(
        "fresh-rate-limiting-strong-2", "rate-limiting", "strong",
        "We're a small team, so we kept it simple. Limits are checked in a middleware in our Node.js "
        "service behind nginx, and the algorithm is a sliding window counter. What we limit is calls "
        "per API key per minute, plus a much tighter limit per email address on signup and password reset. "
        "The counters sit in one Redis instance that all our containers share, and we use an atomic INCR "
        "with an expiry so two instances can't both let the hundred and first request through. "
        "Over the limit, we send a four twenty nine with a Retry-After header and a RateLimit-Limit header. "
        "Each key gets a little extra headroom for bursts. If Redis times out we fail open and log it, "
        "and every week we review the rejections in Datadog and adjust the numbers.",
        terms=("Node.js", "nginx", "sliding window", "API key", "Redis", "INCR", "429", "Retry-After",
               "RateLimit-Limit", "Datadog"),
        fillers=0,
        concepts=("Algorithm", "Shared counter store", "Atomic updates across instances",
                  "What is limited", "HTTP 429 response", "Retry-After and limit headers",
                  "Where it runs", "Failure behaviour", "Bursts", "Monitoring and tuning")),
    EvalAnswer(
        "fresh-rest-vs-graphql-strong-1", "rest-vs-graphql", "strong",
        "REST models everything as resources at URLs, and you act on them with verbs like GET and POST. "
        "GraphQL exposes a single endpoint, and the client sends a query that says exactly which fields "
        "it wants. On our TV apps, with REST the home screen either over-fetched "
        "huge title objects or under-fetched and made ten round trips. GraphQL gives you a typed schema, "
        "which we share across teams with Apollo Federation. The costs land on the server: you need "
        "DataLoader to avoid N plus one queries, and query cost limits. Caching is harder, "
        "since REST gets CDN caching for free. REST versions through the path, GraphQL deprecates "
        "fields instead. GraphQL usually returns a two hundred with an errors array. We keep REST for "
        "simple public endpoints and GraphQL where many clients need different shapes.",
        terms=("REST", "URL", "GET", "POST", "GraphQL", "Apollo Federation", "DataLoader", "N+1",
               "CDN", "200"),
        fillers=0,
        concepts=("REST resources and verbs", "Single endpoint, client-shaped queries",
                  "Over- and under-fetching", "Schema and types", "Caching", "GraphQL server costs",
                  "Versioning", "When to choose which", "Errors and status codes")),
    EvalAnswer(
        "fresh-rest-vs-graphql-strong-2", "rest-vs-graphql", "strong",
        "With REST each thing is a resource with its own path, and the verb carries the meaning, "
        "so PUT updates an order and DELETE removes it. GraphQL is one POST endpoint where the client "
        "writes a query shaped like the response it wants, so our React app gets a user and their "
        "last invoices in one request, with no over-fetching of fields it never shows and no chain "
        "of follow-up calls. The schema is strongly typed. "
        "On the server, naive resolvers hammer the database, so you batch them and limit query cost. "
        "REST is easier to cache with ETags, GraphQL usually needs a client cache like Apollo Client, "
        "and with GraphQL we add fields instead of versioning the API. For our public API we stayed "
        "with REST and OpenAPI, and use GraphQL only for our own frontend.",
        terms=("REST", "PUT", "DELETE", "GraphQL", "POST", "React", "ETag", "Apollo Client", "OpenAPI"),
        fillers=0,
        concepts=("REST resources and verbs", "Single endpoint, client-shaped queries",
                  "Over- and under-fetching", "Schema and types", "GraphQL server costs", "Caching",
                  "Versioning", "When to choose which")),
    EvalAnswer(
        "fresh-database-migrations-strong-1", "database-migrations", "strong",
        "Every schema change is a versioned migration checked into the service repo, and we run them "
        "with Flyway, so each database knows exactly which version it's on. The rule is expand and "
        "contract: first add the new column as nullable, deploy code that writes to both, backfill, "
        "switch reads, and only drop the old column a release later, so old and new versions of the "
        "service run side by side during a rolling deploy with zero downtime. Migrations run as a step "
        "in our Spinnaker pipeline, after running against a staging copy with production sized data. "
        "For big MySQL tables we use gh-ost so we never hold a long table lock. Before anything "
        "destructive we take a snapshot, every change has a tested rollback script, and we watch "
        "replication lag and error rates in Grafana while it rolls out.",
        terms=("Flyway", "expand and contract", "backfill", "rolling deploy", "zero downtime",
               "Spinnaker", "MySQL", "gh-ost", "replication lag", "Grafana"),
        fillers=0,
        concepts=("Versioned migration tool", "Backward compatibility (expand and contract)",
                  "Zero-downtime deploys", "Automated in CI/CD", "Tested before production",
                  "Rollback and backups", "Large tables and locking", "Monitoring the rollout")),
    EvalAnswer(
        "fresh-database-migrations-strong-2", "database-migrations", "strong",
        "We're on Django with Postgres, so migrations are the versioned files Django generates, "
        "reviewed in the pull request like any other code. GitHub Actions runs them against a fresh "
        "database and a copy of last night's backup before we merge, and the deploy applies them "
        "automatically before the new containers take traffic, so there's no downtime. Everything has "
        "to stay backward compatible with the running version, so a rename becomes add a column, copy "
        "the data, then remove the old one in a later deploy. For big tables we build indexes concurrently "
        "and set a lock timeout so a migration can't block writes. We have point-in-time recovery on RDS, "
        "and a reverse migration for anything risky. We schedule heavy ones for quiet hours and watch "
        "Sentry afterwards.",
        terms=("Django", "Postgres", "pull request", "GitHub Actions", "lock timeout",
               "point-in-time recovery", "RDS", "Sentry"),
        fillers=0,
        concepts=("Versioned migration tool", "Backward compatibility (expand and contract)",
                  "Zero-downtime deploys", "Automated in CI/CD", "Tested before production",
                  "Rollback and backups", "Large tables and locking", "Monitoring the rollout",
                  "Review and timing")),
    EvalAnswer(
        "fresh-cap-theorem-strong-1", "cap-theorem", "strong",
        "The CAP theorem comes from Eric Brewer. In a distributed data store you can't have all three of "
        "consistency, meaning every read sees the latest write, availability, meaning every request to a "
        "healthy node gets an answer, and partition tolerance, surviving the network splitting the cluster. "
        "Partitions happen anyway, even between availability zones, so the real choice is what you give up "
        "while one lasts. Our viewing history sits in Cassandra, which is AP: both sides keep taking writes "
        "and reconcile later. Even there, consistency is tunable per query, quorum reads and writes when we "
        "need them, or a single replica for speed. Billing goes to a CP system with ZooKeeper for "
        "coordination, where the minority side refuses writes. PACELC adds that even without a partition "
        "you're trading latency against consistency.",
        terms=("CAP theorem", "Eric Brewer", "availability zone", "Cassandra", "AP", "quorum", "CP",
               "ZooKeeper", "PACELC"),
        fillers=0,
        concepts=("Consistency", "Availability", "Partition tolerance",
                  "The trade-off during a partition", "Partitions are unavoidable", "CP systems",
                  "AP systems", "Tunable consistency", "PACELC and latency", "Origin")),
    EvalAnswer(
        "fresh-cap-theorem-strong-2", "cap-theorem", "strong",
        "CAP says that when the network partitions, a distributed system has to choose between consistency "
        "and availability. Consistency here means linearizable reads, everyone sees the latest write. "
        "Availability means every node that's up still answers. And partition tolerance isn't really "
        "optional, networks drop packets and cloud regions lose links, so you're picking C or A during "
        "the split. Our main store is Postgres with a single primary, which behaves as CP: if a replica "
        "loses the primary it won't accept writes. For session data we lean AP on DynamoDB with eventual "
        "consistency, where a stale read is fine, and DynamoDB even lets you ask for a strongly consistent "
        "read per request. The PACELC extension reminds you that normal day latency is its own trade-off.",
        terms=("CAP", "linearizable", "Postgres", "primary", "replica", "CP", "AP", "DynamoDB",
               "eventual consistency", "PACELC"),
        fillers=0,
        concepts=("Consistency", "Availability", "Partition tolerance",
                  "The trade-off during a partition", "Partitions are unavoidable", "CP systems",
                  "AP systems", "Tunable consistency", "PACELC and latency")),
    EvalAnswer(
        "fresh-authn-authz-strong-1", "authn-authz", "strong",
        "Authentication proves who you are, authorization decides what you're allowed to do, and we keep "
        "them separate. Members sign in through our central login service using OpenID Connect on top of "
        "OAuth two point oh, with passwords hashed with bcrypt and MFA before any account change. The apps get a "
        "short-lived JWT access token and a refresh token that rotates, sent only over TLS and kept in "
        "HttpOnly cookies on the web. Each service verifies the token signature and then checks permissions "
        "itself, never trusting the client, using role-based access control plus per-profile rules, and "
        "every service gets only the permissions it needs. Between services we use mutual TLS. Failed "
        "logins are throttled and every sensitive action is recorded for audit.",
        terms=("OpenID Connect", "OAuth 2.0", "bcrypt", "MFA", "JWT", "refresh token", "TLS", "HttpOnly",
               "role-based access control", "mutual TLS"),
        fillers=0,
        concepts=("AuthN versus AuthZ", "Standard protocols and identity provider", "Tokens and sessions",
                  "Password storage", "Multi-factor authentication", "Authorization model",
                  "Enforced server side, least privilege", "Token lifecycle and transport",
                  "Service-to-service auth", "Audit and abuse protection")),
    EvalAnswer(
        "fresh-authn-authz-strong-2", "authn-authz", "strong",
        "Authentication is checking who someone is, authorization is checking what they may do. We didn't "
        "build login ourselves, we use Auth0, which speaks OAuth two point oh and OIDC, so social sign in and SAML "
        "for enterprise customers came almost free. If you do store passwords yourself, use Argon2, never a "
        "plain hash. We turned on TOTP two-factor for admins. After login the API gets a signed JWT that "
        "expires in fifteen minutes and travels in the Authorization header as a Bearer token. On the "
        "server every endpoint checks the user's role and that the record belongs to their organisation, "
        "deny by default, never just hiding buttons in the app. Internal jobs get their own tokens through "
        "the client credentials flow.",
        terms=("Auth0", "OAuth 2.0", "OIDC", "SAML", "Argon2", "TOTP", "API", "JWT", "Bearer",
               "client credentials"),
        fillers=0,
        concepts=("AuthN versus AuthZ", "Standard protocols and identity provider", "Tokens and sessions",
                  "Password storage", "Multi-factor authentication", "Authorization model",
                  "Enforced server side, least privilege", "Token lifecycle and transport",
                  "Service-to-service auth")),
    EvalAnswer(
        "fresh-error-handling-logging-strong-1", "error-handling-logging", "strong",
        "Every service logs structured JSON with proper levels, so debug is off in production, warnings "
        "are things to look at, and error means someone might get paged. Each request gets a correlation ID "
        "at the edge, and we propagate trace context with OpenTelemetry, so in Jaeger I can follow one "
        "playback failure across twenty services. Logs ship through Fluentd into Elasticsearch, and at our "
        "volume we sample debug and info logs and keep them for two weeks. Alerts come from Prometheus "
        "metrics on error rate and latency, routed to PagerDuty. Calls between services have timeouts, "
        "retries with backoff, and a circuit breaker. We scrub tokens and personal data before anything "
        "is logged, and every incident ends with a blameless postmortem.",
        terms=("JSON", "correlation ID", "OpenTelemetry", "Jaeger", "Fluentd", "Elasticsearch",
               "Prometheus", "PagerDuty", "circuit breaker", "postmortem"),
        fillers=0,
        concepts=("Structured logging", "Log levels", "Correlation IDs and tracing",
                  "Centralized log aggregation", "Metrics and alerting",
                  "Resilience: retries and circuit breakers", "No sensitive data in logs",
                  "Volume, sampling and retention", "Learning from incidents")),
    EvalAnswer(
        "fresh-error-handling-logging-strong-2", "error-handling-logging", "strong",
        "We split errors into expected ones, like validation failures that return a four hundred with a "
        "clear message, and unexpected ones that return a five hundred and get reported to Sentry with the "
        "stack trace. Logs are structured JSON at info level by default, with debug we can switch on, and "
        "our Kubernetes cluster ships them to Grafana Loki, so everything is searchable in one place. "
        "Each request gets a request ID in middleware, it's on every log line and passed on in headers, "
        "so I can follow a checkout across the web app and the worker. We alert on error rate from Prometheus "
        "into our team chat. Calls to Stripe get retries with jitter and a circuit breaker. "
        "We never log passwords, card numbers or full tokens.",
        terms=("400", "500", "Sentry", "JSON", "Kubernetes", "Grafana Loki", "request ID", "Prometheus",
               "Stripe", "circuit breaker"),
        fillers=0,
        concepts=("Structured logging", "Log levels", "Correlation IDs and tracing",
                  "Centralized log aggregation", "Metrics and alerting",
                  "Resilience: retries and circuit breakers", "Classifying errors and responses",
                  "No sensitive data in logs")),
    EvalAnswer(
        "fresh-horizontal-vs-vertical-scaling-strong-1", "horizontal-vs-vertical-scaling", "strong",
        "Vertical scaling means a bigger machine, more processors and more memory, a larger EC2 instance "
        "type. It's simple, nothing in the code changes, but there's a hard ceiling on the biggest box, the "
        "price climbs steeply, and that one machine is a single point of failure. Horizontal scaling means "
        "adding more machines. Our streaming API runs as stateless containers on Kubernetes behind a load "
        "balancer, with sessions kept in Redis, so any instance can serve any request, and the Horizontal "
        "Pod Autoscaler adds copies when traffic spikes on a big release night. Losing a node is a non-event. "
        "The cost is distributed complexity: service discovery, network failures, keeping copies consistent. "
        "Databases are harder, so we scale reads with read replicas and shard the rest.",
        terms=("EC2", "single point of failure", "API", "Kubernetes", "load balancer", "Redis",
               "Horizontal Pod Autoscaler", "service discovery", "read replica", "shard"),
        fillers=0,
        concepts=("Vertical = bigger machine", "Horizontal = more machines",
                  "Vertical limits: ceiling and cost", "Vertical is simple", "Redundancy and fault tolerance",
                  "Stateless services and load balancing", "Distributed complexity", "Auto scaling",
                  "Scaling the database")),
    EvalAnswer(
        "fresh-horizontal-vs-vertical-scaling-strong-2", "horizontal-vs-vertical-scaling", "strong",
        "Vertical is scaling up: same server, more cores and memory. Horizontal is scaling out: more servers "
        "sharing the load. At our size we honestly scaled vertically first, we moved Postgres from a small "
        "RDS instance to a much larger one, because it's one click and no code changes. But you hit a "
        "ceiling, the biggest instances cost a fortune, and one box is still one failure away from an "
        "outage, so we'll add a read replica soon. Our app servers we scale out instead: the Rails app is "
        "stateless, sessions live in cookies, and an AWS Application Load Balancer spreads traffic over an "
        "Auto Scaling group. Running in two availability zones also gives us redundancy. The catch is you "
        "need shared state somewhere, background jobs need locking, and debugging gets harder.",
        terms=("Postgres", "RDS", "read replica", "Rails", "AWS", "Application Load Balancer",
               "Auto Scaling group", "availability zone"),
        fillers=0,
        concepts=("Vertical = bigger machine", "Horizontal = more machines",
                  "Vertical limits: ceiling and cost", "Vertical is simple", "Redundancy and fault tolerance",
                  "Stateless services and load balancing", "Distributed complexity", "Auto scaling",
                  "Scaling the database")),
    EvalAnswer(
        "fresh-microservices-strong-1", "microservices", "strong",
        "Microservices split a system into small services that each own one business capability, like "
        "playback, recommendations or billing, and each can be deployed independently, dozens of times a day. "
        "Boundaries follow bounded contexts from domain-driven design, and every service owns its own "
        "database, nobody reads another team's tables. The win is that teams move on their own and we scale "
        "the encoding pipeline without touching the catalogue. The cost is that every call is now a network "
        "call that can be slow or fail, so we use gRPC with timeouts, retries and circuit breakers, and show "
        "a cached row of titles if recommendations is down. Data across services is eventually consistent, "
        "through Kafka events and sagas. You also pay for a service mesh, tracing and a lot of on-call.",
        terms=("microservices", "bounded context", "domain-driven design", "gRPC", "circuit breaker",
               "Kafka", "saga", "eventually consistent", "service mesh", "tracing"),
        fillers=0,
        concepts=("Independently deployable", "Bounded contexts", "Database per service",
                  "Independent scaling and team autonomy", "Fault isolation",
                  "Network calls and partial failure", "Data consistency across services",
                  "Operational overhead", "Inter-service communication")),
    EvalAnswer(
        "fresh-microservices-strong-2", "microservices", "strong",
        "Microservices means the system is a set of small services, each owning its data and deployable on "
        "its own, talking over HTTP or a message queue. Teams can ship and scale their piece independently, "
        "and a crash in one service doesn't take the others down. But honestly, at a startup I'd start with "
        "a modular monolith. We split out one service early, and suddenly a simple function call became a "
        "REST call that could time out, we needed distributed tracing to debug anything, a second CI/CD "
        "pipeline, and deployment config for each. Keeping data consistent without a shared transaction "
        "meant an outbox table. Now we only extract a service when a bounded context is clear and a team "
        "needs to own it, like payments with its own Postgres database.",
        terms=("microservices", "HTTP", "message queue", "modular monolith", "REST", "distributed tracing",
               "CI/CD", "outbox", "bounded context", "Postgres"),
        fillers=0,
        concepts=("Independently deployable", "Bounded contexts", "Database per service",
                  "Independent scaling and team autonomy", "Fault isolation",
                  "Network calls and partial failure", "Data consistency across services",
                  "Operational overhead", "Inter-service communication", "Monolith first")),
    EvalAnswer(
        "fresh-api-security-strong-1", "api-security", "strong",
        "Security is layers. Everything is HTTPS with TLS one point three, and at the edge we have a WAF and "
        "an API gateway that rejects anything unauthenticated. Authentication is OAuth two point oh with short-lived "
        "JWTs, and then each handler does authorization on the object itself, checking that this profile "
        "really belongs to this account, because that exact bug tops the OWASP API list. All input is "
        "validated against a schema and queries are parameterised, so no SQL injection. Secrets live in "
        "HashiCorp Vault, never in code. Per-client rate limits stop scraping and password guessing, "
        "responses only return the fields the client needs, and every auth failure is logged for our "
        "security team, who also run regular penetration tests.",
        terms=("HTTPS", "TLS 1.3", "WAF", "API gateway", "OAuth 2.0", "JWT", "OWASP", "SQL injection",
               "HashiCorp Vault", "penetration test"),
        fillers=0,
        concepts=("TLS in transit", "Authentication", "Authorization and object-level checks",
                  "Input validation and injection", "Rate limiting and abuse", "Gateway, WAF and network",
                  "Secrets management", "Logging, monitoring and audit", "Security testing and OWASP",
                  "Minimal data exposure")),
    EvalAnswer(
        "fresh-api-security-strong-2", "api-security", "strong",
        "First, only HTTPS, with HSTS so browsers never downgrade. Every request carries an API key or a "
        "session token, and we check it in middleware before any handler runs. Then authorization: the user "
        "must be allowed this action and own this specific record, otherwise they get not found. We validate "
        "request bodies with JSON Schema, and every query uses bound parameters, so injection isn't possible. "
        "Our API sits behind Cloudflare, whose firewall and rate limiting block bots and brute force. CORS "
        "only allows our own domains, and session cookies are locked down against CSRF. Keys and database "
        "passwords live in AWS Secrets Manager. We log every auth failure, and OWASP ZAP scans run on "
        "every build.",
        terms=("HTTPS", "HSTS", "API key", "JSON Schema", "Cloudflare", "CORS", "CSRF",
               "AWS Secrets Manager", "OWASP ZAP"),
        fillers=0,
        concepts=("TLS in transit", "Authentication", "Authorization and object-level checks",
                  "Input validation and injection", "Rate limiting and abuse", "Gateway, WAF and network",
                  "Secrets management", "CORS, CSRF and headers", "Logging, monitoring and audit",
                  "Security testing and OWASP")),
    EvalAnswer(
        "fresh-message-queues-strong-1", "message-queues", "strong",
        "I've run Kafka at large scale for playback events. Every time someone presses play, the service "
        "publishes an event and moves on, and a dozen subscribers, recommendations, billing, analytics, "
        "process it asynchronously, so the producer doesn't know or care who's listening. Kafka gives us "
        "at-least-once delivery, so every consumer is idempotent and deduplicates on the event ID. We "
        "partition by member ID to keep each member's events in order. Poison messages go to a dead letter "
        "topic after a few retries. To avoid losing events when we also write to the database, we use the "
        "transactional outbox pattern, and longer workflows are sagas. Day to day, the work is watching "
        "consumer lag, handling backpressure, and evolving schemas in Schema Registry.",
        terms=("Kafka", "at-least-once", "idempotent", "partition", "dead letter topic", "outbox", "saga",
               "consumer lag", "backpressure", "Schema Registry"),
        fillers=0,
        concepts=("Named technologies", "Decoupling and async processing", "Concrete experience",
                  "Delivery guarantees", "Idempotent consumers", "Failures and dead-letter queues",
                  "Ordering and partitioning", "Patterns: pub/sub and event sourcing",
                  "Consistency: outbox and sagas", "Operating it: lag, backpressure, schemas")),
    EvalAnswer(
        "fresh-message-queues-strong-2", "message-queues", "strong",
        "We use RabbitMQ, and for simpler jobs SQS. The main case is order processing: the API accepts the "
        "order, puts a message on a queue and returns right away, and workers send emails, generate invoices "
        "and sync to our accounting system in the background. That decoupling meant a slow third party API "
        "stopped taking down checkout. SQS is at-least-once, so duplicates happen, and our handlers are "
        "idempotent, with an idempotency key stored in the database. After five failed attempts a message "
        "moves to a dead letter queue and we get an alert. A FIFO queue grouped by customer keeps each "
        "customer's events in order. We've also used SNS fan-out for pub/sub.",
        terms=("RabbitMQ", "SQS", "API", "at-least-once", "idempotent", "idempotency key", "dead letter queue",
               "FIFO", "SNS", "pub/sub"),
        fillers=0,
        concepts=("Named technologies", "Decoupling and async processing", "Concrete experience",
                  "Delivery guarantees", "Idempotent consumers", "Failures and dead-letter queues",
                  "Ordering and partitioning", "Patterns: pub/sub and event sourcing")),
    # ------------------------------------------------------------------
    # Traps: everyday stories full of technical-sounding everyday words
    # ------------------------------------------------------------------
    EvalAnswer(
        "fresh-rate-limiting-trap-1", "rate-limiting", "trap",
        "On Saturdays my grandmother ran the bakery counter, and she had one rule: each child got a single "
        "token for a free biscuit, and once your token was gone you had to wait until next week. There was a "
        "bucket by the door for umbrellas, and whenever the rain came in a burst, the queue went out past the "
        "window. She kept a tally of sales in a little notebook, one stroke per loaf, and at closing she "
        "counted the cash twice. If anyone tried to sneak a second biscuit she would say, come back in four "
        "hundred and twenty seconds, and everyone laughed because nobody knew how long that was.",
        terms=(), fillers=0, concepts=()),
    EvalAnswer(
        "fresh-rest-vs-graphql-trap-1", "rest-vs-graphql", "trap",
        "Last summer we rented a cottage by the lake, and the whole point was rest. My daughter brought graph "
        "paper and drew a map of every path around the water, and she had a query for every walker we met, "
        "mostly about their dogs. Our dog would fetch a stick, then drop it at the far end of the jetty and "
        "refuse to fetch it again. In the evenings we read, played cards and argued about the rules, which the "
        "kids kept changing into a new version every night. The only resource we ran short of was firewood, "
        "so on the last day I walked into the village to fetch more.",
        terms=(), fillers=0, concepts=()),
    EvalAnswer(
        "fresh-cap-theorem-trap-1", "cap-theorem", "trap",
        "My brother is a builder, and last month he put a partition wall in our flat so the kids could have "
        "separate rooms. He wore the same old cap every day and was very consistent, always here at eight, "
        "always gone by four. The tricky bit was that he was only available on weekdays, and the hardware "
        "store kept running out of plaster. When the wall was done, my son said his side was bigger, so we "
        "measured it, and it was exactly the same. Now the only theorem in our house is that whoever gets "
        "home first takes the remote.",
        terms=(), fillers=0, concepts=()),
    EvalAnswer(
        "fresh-message-queues-trap-1", "message-queues", "trap",
        "On Monday I went to the post office to send a parcel to my aunt, and the queue was out the door. "
        "The woman ahead of me was on the phone to her broker about selling some shares, and the man behind "
        "me kept reading a message from his landlord out loud. By the time I got to the counter, the only "
        "topic anyone wanted to discuss was the weather. I finally posted the parcel, bought stamps, and "
        "decided to subscribe to a magazine from the rack, just to have something to read while I wait "
        "next time.",
        terms=(), fillers=0, concepts=()),
    # ------------------------------------------------------------------
    # Off-topic: technical-sounding, but about something else
    # ------------------------------------------------------------------
    EvalAnswer(
        "fresh-database-migrations-off-topic-1", "database-migrations", "off_topic",
        "For layout I reach for CSS Grid for the page shell and Flexbox inside components. Breakpoints are "
        "handled with media queries, mobile first, and we use Tailwind so spacing and colours come from one "
        "design system. Components are built in React and documented in Storybook, and we check visual "
        "changes with screenshot diffs before merging. Dark mode is just a set of CSS custom properties "
        "switched on the root element.",
        terms=("CSS Grid", "Flexbox", "media queries", "Tailwind", "React", "Storybook",
               "CSS custom properties"),
        fillers=0, concepts=()),
    EvalAnswer(
        "fresh-api-security-off-topic-1", "api-security", "off_topic",
        "My approach to a good sourdough is all about process. I feed the starter twelve hours before, mix "
        "flour and water and let it rest for an hour, then add salt and the levain. Bulk fermentation runs "
        "about five hours at twenty four degrees, with four sets of stretch and folds. Then I shape the loaf, "
        "proof it overnight in the fridge, and bake it in a cast iron pot at two hundred and fifty degrees, "
        "lid on for twenty minutes and lid off for twenty five.",
        terms=(), fillers=0, concepts=()),
    # ------------------------------------------------------------------
    # Disfluent answers
    # ------------------------------------------------------------------
    EvalAnswer(
        "fresh-horizontal-vs-vertical-scaling-disfluent-1", "horizontal-vs-vertical-scaling", "disfluent",
        "Um, so vertical scaling is, uh, basically just, like, getting a bigger machine, more CPU and more "
        "memory. And horizontal is, you know, adding more machines behind a load balancer. Um, vertical is "
        "easier, uh, because you don't change the code, but you hit a ceiling and it gets, like, really "
        "expensive. With horizontal you, um, need the app to be stateless, so, uh, we keep sessions in Redis. "
        "And, you know, if one server dies the others keep going.",
        terms=("CPU", "load balancer", "Redis"),
        fillers=10,
        concepts=("Vertical = bigger machine", "Horizontal = more machines",
                  "Vertical limits: ceiling and cost", "Vertical is simple", "Redundancy and fault tolerance",
                  "Stateless services and load balancing")),
    EvalAnswer(
        "fresh-authn-authz-disfluent-1", "authn-authz", "disfluent",
        "Uh, so authentication is, um, checking who you are, and authorization is, like, what you're allowed "
        "to do. Um, we use, uh, OAuth with Google login, and then the backend gives you a JWT. The, um, token "
        "expires after an hour, uh, and then you, you know, refresh it. For permissions we have roles, admin "
        "and viewer, and, um, the server checks the role on every request, you know, not the frontend.",
        terms=("OAuth", "Google", "JWT"),
        fillers=10,
        concepts=("AuthN versus AuthZ", "Standard protocols and identity provider", "Tokens and sessions",
                  "Authorization model", "Enforced server side, least privilege",
                  "Token lifecycle and transport")),
    # ------------------------------------------------------------------
    # Fluent answers: competent, no fillers, a few terms
    # ------------------------------------------------------------------
    EvalAnswer(
        "fresh-error-handling-logging-fluent-1", "error-handling-logging", "fluent",
        "When something fails in production I want to know before the customer tells me. We write structured "
        "logs in JSON with a request ID on every line, send them to Datadog, and alert when the error rate "
        "crosses a threshold. Expected errors such as bad input return a clear four hundred, while unexpected "
        "ones return a five hundred and get reported to Sentry with the stack trace. Calls to other services "
        "use timeouts and a small number of retries.",
        terms=("JSON", "request ID", "Datadog", "400", "500", "Sentry"),
        fillers=0,
        concepts=("Structured logging", "Correlation IDs and tracing", "Centralized log aggregation",
                  "Metrics and alerting", "Classifying errors and responses",
                  "Resilience: retries and circuit breakers")),
    EvalAnswer(
        "fresh-database-migrations-fluent-1", "database-migrations", "fluent",
        "We treat the schema like code. Each change is a numbered migration in Liquibase, reviewed in a pull "
        "request and applied by our Jenkins pipeline on deploy. We keep every change backward compatible, so "
        "we add new columns first and remove old ones in a later release. Before production, migrations run "
        "against a staging copy of the data. We take a backup before anything destructive and keep a tested "
        "rollback for each step.",
        terms=("Liquibase", "pull request", "Jenkins"),
        fillers=0,
        concepts=("Versioned migration tool", "Backward compatibility (expand and contract)",
                  "Automated in CI/CD", "Tested before production", "Rollback and backups",
                  "Review and timing")),
)
