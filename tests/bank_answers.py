"""Spoken answers for every question of the netflix-backend bank: a strong one and a vague one each.

Text only: the audio is synthesised at test time.
"""

STRONG = {
    "rate-limiting": (
        "First I'd pick the algorithm. My default is a token bucket, because it lets a client burst briefly w"
        'hile holding a steady average rate; a sliding window counter is the alternative when fixed windows a'
        're too jumpy at the boundaries. The counts must be shared by every instance, so they live in Redis, '
        "and each check is one atomic increment with an expiry, or a small Lua script, so two servers can't r"
        "ace. I'd key limits on the API key or user ID, falling back to IP address for anonymous traffic, and"
        ' paid tiers get bigger quotas. A rejected call gets a 429 Too Many Requests with a Retry-After heade'
        "r. The check runs in the API gateway, so services never see the excess load. If Redis goes down I'd "
        "fail open for most endpoints, but fail closed for login. Finally I'd put dashboards and alerts on ho"
        'w many requests we reject, so we can tune the limits.'
    ),
    "rest-vs-graphql": (
        'REST models everything as resources, each with its own URL, and you act on them with HTTP verbs like'
        ' GET, POST and DELETE, so you have many endpoints. GraphQL exposes a single endpoint, and the client'
        ' sends a query saying exactly which fields it wants. That solves over-fetching, getting more data th'
        'an you need, and under-fetching, where one screen needs several round trips. GraphQL also has a stro'
        'ngly typed schema that clients can introspect, with queries, mutations and subscriptions. But REST g'
        'ets HTTP caching almost for free, with CDNs and ETags, while caching GraphQL is harder because every'
        'thing is a POST to one URL. On the server, resolvers can cause the N plus one problem, so you need b'
        'atching with DataLoader and limits on query depth. For versioning, REST usually puts v1 or v2 in the'
        " path, while GraphQL deprecates fields instead. I'd pick GraphQL when mobile and web clients need di"
        'fferent shapes of data, and REST for simple public APIs.'
    ),
    "database-migrations": (
        'Every schema change is a versioned migration script in git, applied with a tool like Flyway or Liqui'
        'base, so every environment is on a known version. The key rule is that each migration must be backwa'
        'rd compatible with the code already running, because during a rolling deploy old and new versions ru'
        'n side by side. So I use expand and contract: add the new column as nullable, deploy code that write'
        's both, backfill old rows in small batches, switch reads, and only drop the old column in a later re'
        'lease. That gives zero downtime. Migrations run automatically in the CI/CD pipeline, after being tes'
        'ted on staging against a copy of production data. On big tables I watch out for locks, so I create i'
        'ndexes concurrently or use an online schema change tool like gh-ost. Before anything risky we take a'
        ' backup and have a rollback plan, though rolling forward with a fix is often safer. Afterwards I mon'
        'itor error rates and replication lag.'
    ),
    "cap-theorem": (
        "The CAP theorem, from Eric Brewer, says a distributed data store can't guarantee consistency, availa"
        'bility and partition tolerance all at once. Consistency means every read sees the most recent write.'
        ' Availability means every request to a working node gets a non-error response. Partition tolerance m'
        'eans the system keeps working when the network splits and nodes can\'t talk to each other. The "pick '
        'two" summary is misleading, because network partitions will happen anyway, so the real choice is wha'
        't you do during a partition: stay consistent and reject some requests, or stay available and risk se'
        'rving stale data. ZooKeeper, etcd and HBase are CP systems, which is what you want for account balan'
        'ces. Cassandra and DynamoDB lean AP, with eventual consistency, which is fine for a shopping cart or'
        ' viewing history. Many databases also offer tunable consistency with quorum reads and writes. And PA'
        'CELC extends the idea: even without a partition, you trade latency against consistency.'
    ),
    "authn-authz": (
        "Authentication is proving who you are, and authorization is deciding what you're allowed to do, so I"
        " keep them as separate layers. For authentication I wouldn't roll my own: I'd use OAuth 2 and OpenID"
        ' Connect with an identity provider like Okta or Keycloak, which also gives single sign-on. If we sto'
        "re passwords, they're hashed with bcrypt or Argon2, never plain text, and we offer multi-factor auth"
        'entication. After login the client gets a short-lived JWT access token and a refresh token, or a ses'
        "sion in a secure HttpOnly cookie for browser apps. For authorization I'd start with role-based acces"
        's control, moving to attribute-based policies when rules get finer, and check permissions on the ser'
        'ver for every request, deny by default, with least privilege. Refresh tokens are rotated and can be '
        "revoked on logout. Between internal services we'd use mutual TLS or the client credentials flow. And"
        ' we audit every login and rate limit failed attempts to stop brute forcing.'
    ),
    "error-handling-logging": (
        'I separate expected errors, like bad input, which get a clear 4xx response, from unexpected ones, wh'
        'ich get a generic 500 without leaking stack traces, and a global exception handler catches anything '
        'we missed. Calls to other services get timeouts, retries with exponential backoff and jitter, and a '
        "circuit breaker, so one slow dependency doesn't take everything down. For logging I use structured J"
        'SON logs with proper log levels, debug, info, warn and error, and every line carries a correlation I'
        'D, so one request can be followed across services, together with OpenTelemetry tracing. Logs are shi'
        'pped to a central place like the ELK stack, Splunk or Datadog. We never log passwords, tokens or per'
        'sonal data, so PII gets masked. On top of that we have metrics in Prometheus with Grafana dashboards'
        ', alerts on error rates and latency that page the on-call engineer, and Sentry to group exceptions. '
        'We also sample noisy debug logs and set retention limits to keep costs down.'
    ),
    "horizontal-vs-vertical-scaling": (
        'Vertical scaling, or scaling up, means giving one machine more resources: a bigger instance with mor'
        "e CPU and memory. It's the simplest option because there are no code changes, but there's a hard cei"
        'ling on how big one machine gets, the price climbs steeply near the top, upgrades often need a resta'
        'rt, and that box is still a single point of failure. Horizontal scaling, or scaling out, means addin'
        'g more machines and spreading traffic across them with a load balancer. It has almost no ceiling, ru'
        "ns on commodity hardware, and gives redundancy, so losing one node doesn't take you down. The catch "
        'is that the application has to be stateless, with sessions moved into something shared like Redis, a'
        'nd you take on the complexity of a distributed system. Databases are the hard part: scaling writes m'
        'eans sharding, though read replicas help with reads. In the cloud it pairs well with auto scaling. I'
        "n practice I'd scale up first for a quick win, and design the stateless tier to scale out."
    ),
    "microservices": (
        'Microservices split an application into small services, each built around one business capability or'
        ' bounded context, each owning its own database, and each deployed independently by the team that own'
        's it. The benefits are that teams ship on their own schedules, each service can be scaled on its own'
        ', you can pick different technology where it fits, and a failure in one service is isolated instead '
        'of taking down everything. The costs are real though. Every call is now a network call, so you get l'
        "atency and partial failures, and you need timeouts, retries and circuit breakers. You can't join acr"
        'oss databases or use one transaction, so you end up with eventual consistency and patterns like saga'
        "s. Operationally it's much heavier: service discovery, an API gateway, centralized logging, distribu"
        'ted tracing, and a pipeline per service. Services talk over REST or gRPC, or asynchronously through '
        "events on Kafka. For a small team or a new product I'd start with a modular monolith and split servi"
        'ces out once the boundaries are clear.'
    ),
    "api-security": (
        'I think in layers. Everything goes over HTTPS with TLS, and we use mutual TLS between internal servi'
        'ces. Then authentication: every request must carry a valid credential, usually an OAuth 2 bearer tok'
        'en or a signed JWT, checked for signature and expiry, or an API key for machine clients. Then author'
        'ization on every endpoint, checking not just the role or scope but that the caller actually owns the'
        ' object, because broken object level authorization tops the OWASP API Security Top 10. All input is '
        'validated against a schema, with size limits, and queries are parameterized to prevent SQL injection'
        '. Rate limiting at the API gateway protects against brute force and abuse, with a web application fi'
        'rewall in front. Secrets live in a secrets manager like Vault, never in the code, and keys are rotat'
        "ed. For browser clients I'd configure CORS tightly. Error responses stay generic, without stack trac"
        'es. Finally we keep audit logs, alert on unusual patterns, and run regular penetration tests.'
    ),
    "message-queues": (
        'At my last job I worked mostly with Kafka, and also RabbitMQ and Amazon SQS for simpler work queues.'
        ' We used them to decouple services: the order service published an event, and billing, email and ana'
        'lytics consumed it asynchronously, so a slow consumer never blocked checkout and traffic spikes were'
        ' buffered. The biggest lesson is that delivery is at least once, so every consumer has to be idempot'
        'ent. We stored processed event IDs to deduplicate, and only committed the Kafka offset after the wor'
        'k was done. Messages that kept failing were retried with backoff and then moved to a dead letter que'
        'ue we could inspect and replay. Ordering is only guaranteed within a partition, so we used the custo'
        'mer ID as the partition key. To publish reliably we used the transactional outbox pattern, and accep'
        'ted eventual consistency between services. We monitored consumer lag and scaled the consumer group w'
        'hen it grew, and kept event schemas in a schema registry with Avro.'
    ),
}

VAGUE = {
    "rate-limiting": (
        'I would count how many requests each user makes, and if they make too many requests in a minute, we '
        "block them for a while. This protects the servers from being overloaded. It's important to pick good"
        ' limits so normal users are not affected.'
    ),
    "rest-vs-graphql": (
        'REST is the older style and GraphQL is newer, from Facebook. GraphQL is more flexible and REST is si'
        'mpler. A lot of companies still use REST, but GraphQL is getting more popular, so it depends on the '
        'team and the project.'
    ),
    "database-migrations": (
        'We write the SQL for the change and run it on the database when we release. We try to be careful and'
        " do it at night, and if something goes wrong we fix it quickly. It's important to talk to the team f"
        'irst.'
    ),
    "cap-theorem": (
        'The CAP theorem is about distributed databases. It says you have to make trade-offs in how you desig'
        'n the system, and different databases make different choices depending on what is important for the '
        'application.'
    ),
    "authn-authz": (
        'Users log in with a username and password, and then we check if they can use the feature. Admin user'
        's can do more things than normal users. It is important to keep it secure.'
    ),
    "error-handling-logging": (
        'I catch the errors and print them to the log file, so we can look at them later when there is a prob'
        'lem. We try to write good error messages so the users understand what went wrong.'
    ),
    "horizontal-vs-vertical-scaling": (
        'Horizontal scaling and vertical scaling are two ways to handle more traffic. Both make the system ha'
        'ndle more load. Which one you choose depends on the situation and the budget of the company.'
    ),
    "microservices": (
        'Microservices is when you split the application into many services instead of one big application. B'
        "ig companies like Netflix use it. It's more modern and it helps with scaling, but it can be harder t"
        'o manage.'
    ),
    "api-security": (
        'You make sure only the right people can call it, and you use a password or a key. You should also ke'
        'ep the software up to date and follow best practices for security.'
    ),
    "message-queues": (
        "I have used queues a bit. You put messages in the queue and another service reads them later. It's u"
        'seful when you have a lot of messages. Events are things that happen in the system and other service'
        's react to them.'
    ),
}
