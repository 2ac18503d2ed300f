"""Spoken test answers for the library banks system-design, backend-fundamentals and behavioral.

Text only: the audio is synthesised at test time. Written from each question's topic alone, as a candidate would
answer, without looking at the rubrics. STRONG: what a strong senior candidate says, keyed "bank/id" (technical
answers name the mechanisms, numbers and trade-offs; behavioural ones are first-person STAR stories with a measured
result and a lesson). WEAK: a vague answer on the same topic that names almost nothing concrete. OFF_TOPIC:
interview-sounding answers about something else entirely. DISFLUENT_STRONG: strong answers for three technical
questions, spoken with fillers and restarts.
"""

STRONG = {
    "system-design/url-shortener": (
        "I'd start with the requirements and the rough numbers. Say a hundred million new links a month and "
        'around a hundred reads for every write, so this is a read heavy system and the redirect has to be fast. '
        'The API is really two calls: create a short code for a long URL, and resolve a code with a redirect. For '
        "the code I'd use base sixty-two, where seven characters give about three and a half trillion "
        'combinations, which is plenty. To generate codes without collisions, each application server leases a '
        'range from a global counter, coordinated through something like ZooKeeper, and encodes the next number '
        'in base sixty-two. Hashing the long URL and truncating the hash also works, but then you have to detect '
        'collisions and retry. Storage is a simple key value mapping from code to URL, so DynamoDB or Cassandra '
        'partitioned by the code scales horizontally. A Redis cache sits in front, because a small fraction of '
        'links get most of the clicks. For the redirect, a three oh one is permanent so browsers cache it, while '
        'a three oh two sends every click back through us, which we want if we sell analytics. Click events go '
        "onto Kafka and are aggregated asynchronously, so counting never slows the redirect. I'd finish with link "
        'expiry, rate limiting on creation, and a check against known malicious URLs.'
    ),
    "system-design/news-feed": (
        'The central decision is fan out on write versus fan out on read. With fan out on write, when someone '
        'posts, a worker pushes the post ID into a precomputed feed for each follower, typically a list in Redis '
        'capped at a few hundred entries, so reading the home timeline is one cheap lookup. The catch is '
        "celebrities: an account with fifty million followers would trigger fifty million writes per post. So I'd "
        'go hybrid. Ordinary accounts are fanned out on write, and posts from accounts above a follower threshold '
        'are pulled at read time and merged in. Posts flow through Kafka so the fan out workers scale '
        'independently and absorb spikes. The feed cache holds only IDs, and the read path hydrates them in '
        'batches with the post body, the author and the like counts, each from its own cache. Ranking starts as '
        'reverse chronological and later becomes a model scoring candidates on engagement and recency. Pagination '
        'uses a cursor, the position of the last item seen, not an offset, because new posts keep arriving at the '
        "top. Images and videos live in object storage behind a CDN. And users who haven't logged in for weeks "
        'get no fan out at all; their feed is rebuilt when they return, which saves a lot of write capacity.'
    ),
    "system-design/chat-messaging": (
        'Clients hold a persistent WebSocket connection to a fleet of gateway servers, because polling wastes '
        'battery and adds latency. Since a user can land on any gateway, a session registry in Redis maps each '
        'user to the server holding their connection. When someone sends a message, the gateway hands it to a '
        'chat service that assigns a sequence number within the conversation, persists it, and routes it to the '
        "recipients' gateways through Kafka partitioned by conversation ID, which keeps ordering within a "
        'conversation. Messages are stored in something built for heavy writes and time ordered reads, like '
        'Cassandra, with the conversation as partition key and the message ID as clustering key, so loading '
        'history is one range scan. Delivery is at least once: the client acknowledges each message, the server '
        'retries until it does, and a client generated message ID lets the receiver deduplicate, which also makes '
        'sending idempotent. If the recipient is offline, the message waits in storage and we send a push '
        "notification through Apple's or Google's push service; on reconnect the client syncs everything after "
        'its last sequence number. Delivered and read receipts are just small messages flowing back. Presence '
        'comes from heartbeats, throttled, because it is the noisiest traffic. Groups fan out to members with a '
        'size cap, and end to end encryption would use the Signal protocol.'
    ),
    "system-design/notification-service": (
        "I'd build it as a platform that other teams call with an event, not a finished message. The API takes a "
        'recipient, a template ID and parameters, plus an idempotency key so a retried call never sends twice. '
        'The service writes the request to a durable queue such as Kafka and returns immediately. Workers then '
        "check the user's preferences and opt outs, quiet hours and per user rate limits, render the template in "
        "the user's language, and route each message to a channel specific queue, one for push, one for email, "
        'one for SMS. Separate queues matter because the providers behave very differently: Apple Push '
        'Notification service and Firebase Cloud Messaging for push, something like Amazon SES or SendGrid for '
        'email, Twilio for text messages, each with its own throughput limits. Channel workers retry with '
        'exponential backoff, and after a few failures the message lands in a dead letter queue. A circuit '
        'breaker stops hammering a provider that is down, and critical messages can fail over to a second '
        'provider. Every notification has a status record, queued, sent, delivered, opened or failed, updated '
        'from provider callbacks, which powers analytics and answers support tickets. Priority matters too: a one '
        'time login code must jump ahead of a marketing campaign, so transactional traffic gets its own high '
        'priority queue. Invalid device tokens and bounced addresses are cleaned up automatically.'
    ),
    "system-design/distributed-cache": (
        "The first question is partitioning. I'd use consistent hashing with virtual nodes, so adding or removing "
        'a server moves only a small fraction of the keys instead of reshuffling everything, and load stays even. '
        'Each node is basically an in memory hash table plus a doubly linked list for least recently used '
        'eviction, giving constant time reads and writes under a fixed memory limit, and entries carry a time to '
        'live. Clients either hold the hash ring in a smart client library or go through a proxy; the client side '
        'approach saves a network hop. For availability each partition is replicated to one or two other nodes, '
        'usually asynchronously, since a cache favours latency and the database remains the source of truth, so '
        'losing a few writes on failover is acceptable. A gossip protocol or a coordination service detects dead '
        'nodes and updates the ring. Then the classic problems. A hot key can overload one node, so replicate it '
        'or keep a small local cache in the application. A cache stampede happens when a popular key expires and '
        'thousands of requests hit the database together, so use request coalescing or a lock so only one caller '
        'recomputes it, and add random jitter to expiry times. Writes invalidate by deleting the key. Off the '
        'shelf, Redis Cluster with its sixteen thousand three hundred eighty-four hash slots, or Memcached, '
        'covers most needs.'
    ),
    "system-design/web-crawler": (
        'A crawler is a loop: take a URL from the frontier, fetch it, parse it, extract links, and add the new '
        "ones back. At a billion pages a month that's roughly four hundred pages a second, so it has to be "
        'distributed. The URL frontier is the heart of the design, and it has two jobs. Prioritisation, so '
        "important or frequently changing pages come first, and politeness, so we never hammer one site. I'd use "
        'front queues by priority feeding back queues per host, each host owned by one worker, with a minimum '
        'delay between requests to it. Before fetching, the crawler reads and caches robots dot txt for the host '
        "and obeys it. DNS resolution is a surprising bottleneck, so there's a local DNS cache. Fetchers download "
        'asynchronously with timeouts and size limits and store raw HTML in object storage such as S three. For '
        'deduplication I normalise URLs and check a seen set, where a Bloom filter is compact at this scale, and '
        'I catch duplicate content with a checksum, or SimHash for near duplicates. Crawler traps like endless '
        'calendar pages are handled with a depth limit and a cap on URLs per domain. The frontier is persisted so '
        'a crashed worker loses nothing, and recrawl frequency follows how often each page actually changes.'
    ),
    "system-design/search-autocomplete": (
        'Typeahead is read heavy and latency critical: suggestions should come back in under about a hundred '
        'milliseconds, while the user is still typing. The classic structure is a trie, where each node '
        "represents a prefix, and to avoid walking the whole subtree on every keystroke I'd store the top five or "
        'ten completions directly at each node, ranked by frequency. A lookup is then just a walk down the '
        'prefix. The trie is built offline, not updated on every search. Query logs flow through Kafka into an '
        'aggregation job, hourly or daily, which counts query frequencies, with some time decay so trending terms '
        'rise, then builds a fresh trie and swaps it in atomically. The serving trie lives in memory, sharded by '
        'prefix range and replicated for read throughput. The client debounces, waiting for a short pause in '
        'typing before it calls, and caches responses locally, and short popular prefixes are cached in Redis or '
        'even at the CDN because they are requested constantly. For breaking trends you can merge a small real '
        "time layer with the batch results. I'd also filter offensive suggestions with a block list and blend in "
        "the user's own recent searches for personalisation. If we'd rather not build it, Elasticsearch with an "
        'edge n-gram analyser or its completion suggester gets most of the way there.'
    ),
    "system-design/video-streaming": (
        'There are two halves: the upload and processing pipeline, and playback. On upload, the file goes '
        'straight to object storage through a presigned URL, in resumable chunks. That triggers a transcoding '
        'pipeline: the video is split into segments and a fleet of workers encodes them in parallel into a ladder '
        'of resolutions and bitrates, from two hundred forty p up to four K, with codecs like H two sixty-four '
        'and newer ones such as AV one for better compression. The output is packaged for adaptive bitrate '
        'streaming, HLS or DASH, meaning small segments of a few seconds plus a manifest listing the renditions. '
        'The player reads the manifest, measures its bandwidth and buffer, and switches quality segment by '
        'segment, which is what keeps playback smooth on a weak connection. Delivery is all about the CDN. '
        'Segments are static files, so they cache extremely well at edge servers near viewers, and popular titles '
        'can be pushed to the edge before release; Netflix even places its own appliances inside internet '
        "providers. Metadata such as titles, thumbnails and each user's resume position lives in a database, with "
        'the position saved every few seconds. Signed, expiring URLs and digital rights management protect '
        "licensed content. I'd measure startup time, rebuffering ratio and average bitrate as the quality metrics "
        'that matter.'
    ),
    "system-design/file-sync": (
        'The key idea is chunking. The client splits each file into blocks of around four megabytes and hashes '
        "each block with SHA two fifty-six. The hash becomes the block's address in object storage, which gives "
        'deduplication for free: if a block already exists, from this user or anyone else, we skip the upload. '
        'When a file changes, only the modified blocks travel, so editing a large file is cheap. Content defined '
        'chunking with a rolling hash keeps an insertion near the start from shifting every block. Separately, a '
        'metadata service holds the namespace: files, folders, versions, and for each version the ordered list of '
        'block hashes. That metadata needs strong consistency, so it lives in a relational database sharded by '
        'user or namespace. Syncing works from a journal: each change gets an increasing sequence number per '
        'namespace, and a client asks for everything after its cursor, learning about new changes through long '
        'polling or a notification channel rather than scanning. Locally, a file watcher detects edits and a '
        'small local database tracks what has been synced. Conflicts arise when two devices edit the same file '
        'offline, and instead of silently overwriting we keep both and save a conflicted copy. Version history is '
        'just older block lists kept for thirty days, and unreferenced blocks are garbage collected. Transfers '
        'resume after interruptions, and blocks are encrypted at rest.'
    ),
    "system-design/payment-ledger": (
        "At the core I'd build a double entry ledger. Every movement of money is a transaction with at least two "
        "entries, a debit on one account and a credit on another, and each transaction's entries must sum to "
        'zero. Entries are append only and immutable: you never update or delete a row, you correct a mistake '
        'with a reversing entry, which gives a complete audit trail. Balances are derived from entries, with a '
        'cached balance per account updated in the same database transaction. This belongs in a relational '
        'database like Postgres with strict transactions, because correctness matters far more than raw '
        'throughput. Amounts are integers in the smallest currency unit, cents, never floating point, stored with '
        "a currency code. Every API call carries an idempotency key, so a client retrying after a timeout can't "
        'charge a customer twice; the key and its result are stored, and a repeat returns the original response. '
        'The hard part is the external payment processor, because a call can time out with an unknown outcome. So '
        'each payment moves through a state machine, created, authorised, captured, settled or failed, and we '
        'record the intent before calling out. Webhooks and status polling resolve uncertain states, and a daily '
        "reconciliation job compares our ledger with the processor's settlement files and flags every mismatch. "
        'Steps across services use a transactional outbox or a saga rather than a distributed transaction, and '
        'card numbers are tokenised to keep us out of most PCI scope.'
    ),
    "backend-fundamentals/caching-invalidation": (
        'The pattern I reach for first is cache aside: the application reads the cache, and on a miss it loads '
        'from the database and populates the cache with a time to live. Read through is the same idea with the '
        "cache library doing the loading. On the write path there's write through, which updates cache and "
        'database together so the cache stays warm, and write behind, which writes to the cache and flushes to '
        'the database asynchronously, fast but risky if the cache node dies. Invalidation is the genuinely hard '
        'part. On an update I delete the key rather than writing the new value, because two concurrent writers '
        'setting values can leave the stale one last. Even then a reader can repopulate an old value just after '
        'the delete, so a short time to live is the safety net, and some teams add a delayed second delete. For '
        'tighter guarantees, drive invalidation from change data capture, for example Debezium tailing the '
        "database's write ahead log, so every committed change evicts its key. Versioned keys work too: put a "
        'version in the key and bump it on write. Then guard against a stampede when a hot key expires, with '
        'request coalescing, a lock, or early refresh with random jitter. Eviction is usually least recently '
        'used. And I track the hit ratio, because a cache that rarely hits is just extra latency and one more '
        'thing to keep consistent.'
    ),
    "backend-fundamentals/idempotency-retries": (
        'An operation is idempotent if performing it twice has the same effect as performing it once. It matters '
        'because a timeout never tells you whether the request failed or only the response was lost, so the only '
        "safe retry is a harmless one. By HTTP semantics GET, PUT and DELETE are idempotent but POST isn't, so "
        'for something like creating a payment the client generates an idempotency key, usually a UUID, and sends '
        'it in a header. The server stores the key with the result, ideally in the same transaction as the side '
        'effect, and when the same key arrives again it returns the stored response instead of charging again. If '
        'the first attempt is still in flight, the duplicate gets a conflict response, and keys expire after a '
        'day or so. Idempotency can also come naturally, from a unique constraint on a business ID or a '
        'conditional update like setting the status to paid only while it is still pending. Message consumers '
        'need the same care, because Kafka and SQS deliver at least once, so consumers record processed message '
        'IDs and skip repeats, which is how you get effectively exactly once processing. For the retries '
        "themselves: exponential backoff with jitter so clients don't retry in synchronised waves, a cap on "
        'attempts, retries only for transient failures like timeouts or a five oh three, never a four hundred, '
        "and a retry budget or circuit breaker so retries don't amplify an outage."
    ),
    "backend-fundamentals/database-indexing": (
        'An index is a separate structure that lets the database find rows without scanning the whole table. Most '
        'relational databases use a B plus tree: balanced, with a high fan out, and sorted leaves linked '
        'together, so a lookup costs a handful of page reads, logarithmic in table size, and range scans or ORDER '
        'BY can simply walk the leaves. Hash indexes only serve equality. In Postgres an index entry points into '
        "the heap, while MySQL's InnoDB stores the table itself as a clustered index on the primary key, and "
        'secondary indexes carry that key. For composite indexes, column order matters because of the leftmost '
        'prefix rule: an index on customer ID then creation date serves a filter on customer, or on customer and '
        'date, but not on date alone, so equality columns go first and the range column last. A covering index '
        'includes every column the query needs, allowing an index only scan. To decide when to add one, I look at '
        'the slow query log and run EXPLAIN ANALYZE; a sequential scan over a large table for a selective filter '
        'is the candidate. Selectivity matters, so an index on a boolean flag rarely helps. The cost is that '
        "every insert, update and delete must maintain every index, plus storage, so on write heavy tables I'm "
        'conservative and drop unused ones. On a live table I build it concurrently to avoid blocking writes.'
    ),
    "backend-fundamentals/transaction-isolation": (
        'A transaction gives you ACID: atomicity, consistency, isolation and durability. Isolation is the one '
        'with a dial, because full isolation is expensive, and the SQL standard defines levels by the anomalies '
        "they permit. Read uncommitted allows dirty reads, seeing another transaction's uncommitted data. Read "
        'committed prevents that and is the default in Postgres and Oracle, but allows non repeatable reads, '
        "where reading the same row twice gives different values. Repeatable read, MySQL's default, fixes that, "
        'though the standard still permits phantom reads, new rows appearing in a range query. Serializable means '
        'the outcome equals some one at a time order. Implementations differ. Postgres uses MVCC, multi version '
        'concurrency control, so readers see a snapshot and never block writers, and its serializable level is '
        'serializable snapshot isolation, which aborts a transaction with a serialization failure that the '
        'application must retry. Other engines use two phase locking. The anomaly people miss is write skew: two '
        'doctors each check that someone else is on call, both go off call, and snapshot isolation allows it. '
        'Lost updates are another, two read modify write cycles overwriting each other, prevented with SELECT FOR '
        'UPDATE, an atomic update statement, or a version check. In practice I default to read committed and, for '
        'invariants spanning several rows, either lock explicitly or use serializable with retries.'
    ),
    "backend-fundamentals/sql-vs-nosql": (
        'I start from the data and its access patterns rather than the technology. A relational database like '
        'Postgres gives me a schema, joins, ACID transactions across tables and flexible ad hoc queries, and with '
        "good indexes, read replicas and a bigger machine it scales much further than people assume. So it's my "
        'default, especially when data is highly relational or correctness is critical, like orders, billing or '
        'inventory. NoSQL is really a family. Key value stores such as DynamoDB give predictable single digit '
        'millisecond reads at enormous scale, provided you know the access patterns up front and design keys '
        'around them. Document stores like MongoDB suit nested records of varying shape that you read whole. Wide '
        'column stores like Cassandra take very high write throughput and time series data, with tunable '
        'consistency. Graph databases fit deep relationship traversals. The trade-off is that most of them scale '
        'horizontally by partitioning, but you give up joins, denormalise, often accept eventual consistency, and '
        "get limited multi item transactions. Schema flexibility is real, but the schema doesn't vanish, it moves "
        'into application code. Meanwhile sharding a relational database by hand is painful, though distributed '
        'SQL systems like CockroachDB or Spanner close that gap. So I ask what the queries are, what consistency '
        'we need, the write volume and the growth, and often the answer is both: Postgres as the system of record '
        'plus a specialised store for one high volume workload.'
    ),
    "backend-fundamentals/consistency-models": (
        'A consistency model defines what a read may return when data is replicated. The strongest is '
        'linearizability, usually what people mean by strong consistency: each operation appears to take effect '
        'at a single instant, so once a write is acknowledged every later read sees it. It needs a leader or '
        'consensus, Raft or Paxos, costs latency, and during a partition some nodes must refuse requests. '
        'Sequential consistency is weaker: everyone sees operations in the same order, but not necessarily real '
        'time order. Causal consistency keeps only cause and effect: if I post a question and you answer it, '
        "nobody sees the answer before the question, while unrelated writes may appear in different orders. It's "
        "tracked with vector clocks or dependency metadata, and it's about the strongest model that stays "
        'available under partition. Eventual consistency only promises that replicas converge once writes stop, '
        'so reads can be stale, as with DNS or Cassandra at consistency level one. Then there are session '
        'guarantees, which users notice most. Read your writes means after I edit my profile I see my edit, '
        "achieved by routing my reads to the leader briefly or tracking my last write's version. Monotonic reads "
        'means data never appears to go backwards, achieved by pinning a session to one replica. In quorum '
        'systems, read and write quorums that overlap, so their sizes add up to more than the replica count, give '
        'strong reads. I choose per feature: strong for balances and uniqueness, eventual with read your writes '
        'for feeds and profiles.'
    ),
    "backend-fundamentals/load-balancing": (
        'A load balancer spreads traffic over a pool of servers and takes unhealthy ones out. The first '
        'distinction is layer four versus layer seven. A layer four balancer works on TCP or UDP connections, '
        "seeing only addresses and ports, so it's very fast and protocol agnostic, like the AWS Network Load "
        'Balancer or Linux IPVS. A layer seven balancer understands HTTP: it terminates TLS, routes by path or '
        'header, retries, and balances per request rather than per connection, which matters for long lived HTTP '
        'two or gRPC connections. Envoy, NGINX and HAProxy are typical. For algorithms, round robin is the simple '
        'default, weighted round robin handles servers of different sizes, and least connections or least '
        'outstanding requests adapts when request costs vary. Power of two random choices, sampling two servers '
        'and picking the less loaded, works surprisingly well and avoids herding. Consistent hashing gives '
        "affinity, useful for caches, and sticky sessions do the same for stateful apps, though I'd rather keep "
        'servers stateless. Health checks come in two kinds: active, where the balancer probes an endpoint every '
        'few seconds and ejects a server after several failures, and passive, or outlier detection, which reacts '
        'to real requests failing. A health endpoint should check the service itself, not every dependency, or '
        'one database blip empties the pool. Connection draining lets in flight requests finish during deploys, '
        "and the balancer runs redundantly, behind DNS or anycast, so it isn't a single point of failure."
    ),
    "backend-fundamentals/observability": (
        'Observability means being able to answer new questions about production from the outside, and it rests '
        'on three kinds of telemetry. Logs are the detailed record of events, and I want them structured, JSON '
        'with consistent fields, carrying a request or trace ID, with sensible levels and no secrets or personal '
        'data. Metrics are cheap numeric time series, scraped by Prometheus for example and graphed in Grafana. '
        'For services I track the RED method, rate, errors and duration, and for resources the USE method, '
        'utilisation, saturation and errors. Latency goes into histograms so you can see the ninety-ninth '
        'percentile rather than a misleading average, and I avoid high cardinality labels like user IDs, which '
        'blow up the metrics store. Traces follow one request across services as a tree of spans with timings, '
        "which is how you find the slow hop in a chain of ten services. I'd instrument with OpenTelemetry, "
        'propagate trace context in headers, and sample, keeping all errors and slow requests. Alerting is where '
        'it pays off. I alert on symptoms users feel, defined by service level objectives, say ninety-nine point '
        'nine percent of requests succeeding within three hundred milliseconds, using error budget burn rate '
        'alerts rather than CPU thresholds. Every page must be actionable, with a runbook and a dashboard linked, '
        'and noisy alerts get fixed or deleted, because alert fatigue teaches people to ignore the real ones.'
    ),
    "backend-fundamentals/concurrency-locking": (
        'Concurrency control keeps shared data correct when many requests touch it at once. The classic bug is '
        'the lost update: two requests read a stock count of ten, each subtracts one, and both write nine. '
        'Pessimistic locking takes the lock before reading, for example SELECT FOR UPDATE inside a transaction, '
        "so the second request waits. It's simple and right under high contention, but holding locks during work "
        'hurts throughput and invites deadlocks. Optimistic concurrency control assumes conflicts are rare: each '
        'row carries a version number, the update only applies where the version still matches what I read, and '
        'if zero rows changed someone else won, so I retry or report a conflict. HTTP does the same with ETags '
        'and If-Match. It scales well with low contention but wastes work when conflicts are frequent. Often the '
        'best answer avoids both, with one atomic statement that decrements the count only where it is above '
        'zero. Deadlocks happen when two transactions each hold a lock the other needs. The database detects the '
        'cycle and aborts one, so the application must retry, and you prevent them by acquiring locks in a '
        'consistent order, keeping transactions short, and setting lock timeouts. Across services, a distributed '
        'lock in Redis or ZooKeeper needs a lease and a fencing token, because a paused process may still believe '
        'it holds an expired lock. Inside application code I prefer immutable data or a single writer over fine '
        'grained mutexes.'
    ),
    "backend-fundamentals/api-pagination": (
        'There are two main approaches. Offset pagination uses limit and offset, so page five of twenty items is '
        "offset eighty. It's simple and allows jumping to any page, but it has two problems. Performance, because "
        'the database still reads and discards every skipped row, so deep pages on a large table get slower and '
        'slower. And correctness, because rows inserted or deleted while someone pages through shift everything, '
        'so they see duplicates or miss items. Cursor pagination, also called keyset pagination, fixes both. '
        'Instead of an offset, you remember the sort key of the last item returned and ask for rows after it, for '
        'instance created before the last timestamp, ordered newest first, limit twenty. With an index on that '
        "column it's a seek, constant cost at any depth, and stable under inserts. The sort key must be unique, "
        'so I add the ID as a tie breaker and compare on the pair. The API returns an opaque cursor, typically '
        'base sixty-four encoded, with a has more flag or a next link, and clients just pass it back. Keeping it '
        'opaque lets us change the implementation later. The costs are no random access to page forty, and an '
        'exact total count is expensive, so I make it optional or approximate. I cap the page size at around a '
        "hundred and keep filters and sort order fixed for a cursor's lifetime. For feeds, infinite scroll and "
        'syncing large datasets, cursors win; offset is fine for small admin tables.'
    ),
    "behavioral/conflict-with-colleague": (
        'A couple of years ago I was on a checkout team, and a senior engineer on the platform team, Priya, kept '
        'rejecting my pull requests to our API gateway. My team needed a longer timeout on one route for a slow '
        'fraud check, and her review comments were short and blunt, and honestly it started to feel personal. It '
        'came to a head in a planning meeting where we argued in front of everyone. My task was to get the change '
        'shipped for a launch three weeks away without turning a long term working relationship into a feud. So I '
        'asked her for a coffee, not a meeting about the pull request. I started by asking what worried her, and '
        'it turned out she had been paged twice that year because teams set long timeouts and exhausted the '
        "gateway's connection pool. That was a fair concern I simply hadn't known about. Together we sketched a "
        'different approach: the fraud check moved to an asynchronous call, and the gateway kept its default '
        'timeout. I wrote up the design, she reviewed it within a day, and we presented it jointly at the next '
        'architecture review. We launched on time, checkout latency actually dropped by about a hundred and fifty '
        'milliseconds, and later Priya asked me to co-write the gateway guidelines for other teams. What I '
        "learned is that when a disagreement starts to feel personal, it usually means I don't yet understand the "
        "other person's constraint, and asking about it beats arguing harder."
    ),
    "behavioral/failure-and-lessons": (
        'In my second year as an engineer I volunteered to move our reporting jobs from an old cron server to a '
        'workflow scheduler. I estimated four weeks and promised the finance team their month end reports would '
        'run on the new system, so the outcome was mine. I did the technical work carefully, but I treated it as '
        'a pure coding project: I moved the jobs, checked that they ran, and switched over without talking to the '
        "people who read the reports. At month end, three reports came out with totals that didn't match, because "
        'the old server ran on local time and the new scheduler on UTC, so a day of transactions landed in the '
        'wrong period. Finance caught it on the morning of a board meeting. I owned it straight away. I told my '
        'manager and the finance lead exactly what had happened, reran the reports with the corrected time zone '
        "within four hours, and wrote a postmortem that didn't blame the tooling. Then I did what I should have "
        'done first: I sat with the two analysts, listed every report and the checks they relied on, and built a '
        'comparison job that ran the old and new pipelines side by side for a full month. The second cutover was '
        'clean, with zero mismatches, and that comparison job became our standard approach for later migrations. '
        "The lesson I carry is that a migration isn't finished when the code runs, it's finished when the people "
        'who depend on it agree the output is right.'
    ),
    "behavioral/greatest-impact": (
        "The work I'm proudest of was at a logistics company, where our route planning job took around forty "
        "minutes to produce the next day's delivery plans. Dispatchers couldn't start until it finished, and on "
        'busy days it ran past the cutoff, so drivers sat waiting in the depot. Nobody owned the problem, and '
        'everyone assumed the optimisation algorithm itself was slow and that only a rewrite would help. I asked '
        'my manager for two weeks to investigate instead of picking up feature work. I profiled a full run and '
        'found the algorithm was only about fifteen percent of the time. Most of it went on one database call per '
        'delivery stop to fetch addresses and time windows, hundreds of thousands of tiny queries. I replaced '
        'those with bulk loads at the start, cached the distance matrix for frequent stops, and split the run by '
        'region so regions computed in parallel. I shipped it in three stages behind a feature flag, comparing '
        'the plans with the old output each time so the dispatchers could trust them. The run time fell from '
        'forty minutes to under four. Dispatchers started an hour earlier, late departures dropped by about sixty '
        'percent over the next quarter, and the operations director estimated we saved around two hundred '
        'thousand a year in overtime. It also changed how the team worked, since profiling became the first step '
        'before any rewrite proposal. My lesson was to measure before accepting the story everyone tells about '
        'where a problem lives.'
    ),
    "behavioral/feedback-given-received": (
        "I'll give one of each, because they turned out to be connected. A few years ago I led a team of five, "
        'and one engineer, Marcus, was technically excellent but his code reviews were harsh, and two juniors '
        'told me privately they were nervous about opening pull requests. I needed to raise it without crushing '
        'his enthusiasm. In a one to one, I showed him two specific review comments, described the effect, that '
        'people were waiting days before asking for review, and asked how he saw it. He was genuinely surprised, '
        'because he thought he was just being thorough. We agreed he would explain the reason behind each comment '
        "and mark which ones were blocking and which were only suggestions. Within a month the juniors' review "
        'requests roughly doubled, and he later thanked me. The feedback I received came in my own review that '
        'year. My manager told me I had become a bottleneck: I took every hard problem myself, so the team '
        "couldn't grow and I was working late most nights. That stung, because I thought I was helping. But our "
        'ticket history showed she was right, I was assigned almost every complex item. So I started pairing '
        'others on the hard tickets and then handing them over, and I wrote down the design context that only '
        'lived in my head. By the next half, three other engineers had led complex features and my evenings were '
        'back to normal. Both taught me that useful feedback is specific, about impact, and given early, and that '
        'I should treat it as data rather than a verdict.'
    ),
    "behavioral/leading-without-authority": (
        'At my previous company every team handled incidents differently, and recovery took far too long, with a '
        "median time to restore of over two hours. I wasn't a manager or a lead, just a senior engineer on one of "
        'eight teams, but after a painful outage I decided to try to fix the process across all of them. With no '
        'authority to tell anyone what to do, my real task was to make people want the change. I started by '
        'interviewing an engineer from each team about their worst recent incident and wrote up the patterns: no '
        "clear incident commander, no shared channel, and runbooks that didn't exist. I shared that document "
        "openly and invited comments, so it became everyone's findings rather than my opinions. Instead of "
        'proposing a heavy process, I piloted a lightweight incident template and a rotating commander role with '
        'my own team and one volunteer team whose lead was keen. After two months their time to restore had '
        "roughly halved, and I presented the numbers at the engineering all hands, with the volunteer team's lead "
        'telling the story rather than me. Other teams then asked to join, and I ran short training sessions and '
        'paired with each team during its first incident. Within six months all eight teams used the process, and '
        'the median time to restore was down to about forty minutes. I learned that without authority you lead '
        'with evidence, early allies and shared credit, and that a small working pilot persuades far more than '
        'any proposal.'
    ),
    "behavioral/prioritising-under-pressure": (
        'Last spring I was the only backend engineer on a small product team, and in the same week three things '
        'landed on me: a partner integration with a contractual deadline that Friday, a security finding rated '
        'high on a library we used, and a request from our head of sales for a custom report to save a big '
        'renewal. Everyone saw their item as urgent, and there was no way to do all three well in five days. My '
        'job was to decide, and to make sure the people affected understood why. I wrote each item down with what '
        'would actually happen if it slipped. For the security finding, I checked with our security team and '
        "within thirty minutes we confirmed the vulnerable function wasn't reachable from our code, so it could "
        'wait a few days with a mitigation in place. The integration carried a financial penalty. And when I '
        'asked the sales lead what the customer really needed, it was a single number our analyst could pull from '
        'the warehouse in an afternoon. So I focused on the integration, handed the report to the analyst, and '
        'scheduled the library upgrade for Monday. I posted that plan and my reasoning in the team channel and '
        'told my manager, so nobody was surprised. We delivered the integration on Thursday, the renewal closed, '
        'and the upgrade shipped the following Tuesday. What I took from it is that urgency is often a feeling '
        'rather than a fact, and asking what happens if this slips, then saying the plan out loud, prevents most '
        'of the conflict.'
    ),
    "behavioral/mentoring": (
        'Two years ago a new graduate, Lena, joined my team, and I was asked to mentor her. She was bright, but '
        'after a month she was still stuck on small tickets and rarely asked questions. In our first real '
        "conversation she admitted she spent hours stuck because she didn't want to look slow. My goal was to "
        'have her working independently within about six months. Rather than handing her answers, I built a few '
        "habits. We paired twice a week, and I often gave her the keyboard while I talked through how I'd "
        'approach something unfamiliar, including my wrong turns, so she could see that being stuck is normal. I '
        "gave her a simple rule: struggle alone for thirty minutes, then ask, and bring what you've tried. I "
        'chose her tickets deliberately, each a little bigger than the last, and after three months I gave her '
        'ownership of a small service, our webhook retry worker, including on call for it with me as backup. I '
        'also made her work visible by having her demo it at sprint reviews. By month six she had shipped a '
        'redesign of the retry logic that cut failed webhook deliveries by about seventy percent, and she was '
        "answering newcomers' questions in our team channel. A year later she was mentoring an intern herself. "
        'What I learned is that mentoring is less about knowledge than about confidence and safe chances to '
        'practise, and that I had to get comfortable letting her take longer than I would have.'
    ),
    "behavioral/navigating-ambiguity": (
        'At my last company the head of product came to our team with a one line request: make onboarding better, '
        'because too many new customers were churning. There was no definition of better, no target, and two '
        'other teams had competing theories about the cause. I was asked to lead the effort, and my task was '
        'really to turn a vague wish into a problem we could solve within a quarter. First I established what we '
        'actually knew. I pulled the funnel data and found that most churned accounts had never connected their '
        'first data source, a step where about forty percent of sign ups stopped. Then I interviewed eight '
        'customers who had dropped off, and five described the same confusion about permissions on that screen. I '
        'wrote a one page brief with a problem statement, a single metric, the share of new accounts connecting a '
        'source within a week, and a target of moving it from sixty to seventy-five percent. I shared it with '
        'product and the other teams and asked them to challenge it before we built anything. Rather than betting '
        'on one idea, we ran two cheap experiments in the first three weeks, a guided setup wizard and clearer '
        'permission instructions, and kept the one that moved the metric. By the end of the quarter the '
        'connection rate reached seventy-three percent, and ninety day churn for new customers fell by about a '
        'fifth. I learned that in ambiguity the most useful step is writing down a concrete problem and a metric '
        "early, even if it's wrong, because it gives everyone something specific to disagree with."
    ),
    "behavioral/disagree-commit": (
        "About eighteen months ago my team decided to build our new event pipeline on our cloud provider's "
        "managed streaming service instead of running Kafka ourselves. I disagreed. I'd operated Kafka at scale "
        "before, and I was worried about the managed service's partition limits and about lock in. I owned the "
        'ingestion layer, so the decision affected my work directly. I made my case properly: I wrote a short '
        'comparison with throughput estimates and costs and presented it at the design review. My manager and our '
        'architect weighed it seriously, but they chose the managed service because nobody had time to operate '
        "Kafka and we had to ship in two months. Their reasoning was sound, even if I'd have weighed it "
        "differently. So I committed fully. I said in the meeting that I'd back the decision, and I didn't reopen "
        'it in side conversations. I channelled my concerns into making it work: I designed the partition key '
        "scheme to stay well under the service's limits, and I wrapped the producers and consumers in a thin "
        "interface so a future switch wouldn't mean a rewrite. We launched on schedule, handling about thirty "
        "thousand events a second, and running costs came in well below my Kafka estimate once I counted people's "
        "time. A year later the limits I'd feared did bite for one workload, and that interface let us move the "
        "single stream in two weeks. What I learned is that committing isn't silent agreement, it's putting full "
        'effort into the chosen path while quietly reducing the risks I raised.'
    ),
    "behavioral/production-mistake": (
        'Early in my time at an online retailer I ran a data cleanup script against production that deleted about '
        'twelve thousand active discount codes. I had tested it on staging, but staging used a different status '
        'value for expired codes, and my filter depended on it. Within ten minutes support reported that codes '
        "from that morning's marketing email were failing at checkout, on the first day of a campaign. It was my "
        'mistake, so my first task was to stop the damage and my second was to be honest about it. I posted in '
        "the incident channel that my script was the cause, before anyone had to go looking. We couldn't simply "
        'restore the table without losing orders placed since, so I restored the latest backup into a separate '
        'database and wrote a query to reinsert only the deleted codes, which a teammate reviewed line by line '
        'before we ran it. Codes were working again about fifty minutes after the deletion. Marketing extended '
        'the campaign by a day, and support credited the roughly three hundred affected orders. Then I wrote a '
        'blameless postmortem about my own change, and we put practical fixes in place: data scripts now run in a '
        'transaction with a dry run mode that prints the row count first, anything touching more than a thousand '
        'rows needs a second reviewer, and staging data is refreshed monthly from anonymised production. We '
        "haven't had a similar incident since. I learned to distrust my own confidence with production data, and "
        'that owning it immediately made the recovery faster, because nobody wasted time investigating.'
    ),
}

WEAK = {
    "system-design/url-shortener": (
        "I'd build a service that takes a long link and gives back a short one. When someone visits the short "
        "link, it sends them on to the original page. I'd store the links somewhere and make sure looking them up "
        "is fast, because a lot of people will be clicking on them. It needs to scale as it grows, so I'd design "
        "it to handle more traffic over time, and it has to be reliable so the links don't break. I'd keep the "
        "design simple and add monitoring so we know it's working."
    ),
    "system-design/news-feed": (
        "A news feed shows people the posts from the people they follow. I'd have a service that collects the "
        'posts and puts them together for each user when they open the app. It needs to be fast, because people '
        "expect the feed to load right away, and it has to handle lots of users posting at the same time. I'd "
        "think about which posts to show first so the feed feels relevant and interesting. Then I'd make sure the "
        'whole thing scales and stays reliable as the product grows.'
    ),
    "system-design/chat-messaging": (
        'For a chat system, users send messages to each other and they should show up quickly on the other side. '
        "I'd have a backend that receives the messages, saves them, and gets them to the right person. It needs "
        "to feel real time, so performance is really important. I'd also make sure messages don't get lost and "
        'that people can scroll back through their old conversations. Group chats would work in a similar way. '
        'And of course it has to scale to lots of users and be secure.'
    ),
    "system-design/notification-service": (
        'A notification service sends messages to users through different channels, like their phone or their '
        'inbox. Other parts of the system would tell it what to send, and it would take care of getting it out to '
        "people. I'd make sure it's reliable, so notifications actually arrive, and that it doesn't spam people "
        "with too many of them. It should cope with lots of messages at busy times. I'd keep it flexible so we "
        "can add new channels later, and I'd monitor it to make sure everything is working."
    ),
    "system-design/distributed-cache": (
        "A distributed cache keeps data in memory across several machines so things are faster. I'd spread the "
        'data over the servers and make sure the application knows where to look for it. When the cache fills up, '
        "older things have to be removed somehow. It's important that it stays fast, and that if one machine "
        "fails the rest keep going. I'd also think about keeping the cached data in line with the real data, and "
        'make sure we can add more machines when we need them.'
    ),
    "system-design/web-crawler": (
        "A web crawler visits web pages, saves them, and follows the links it finds to discover more pages. I'd "
        'start with a few pages and keep going from there. Since the web is huge, it needs to run on lots of '
        "machines and get through a lot of pages. I'd make sure it doesn't visit the same page over and over, and "
        "that it's respectful to the websites it visits. It should also recover if something goes wrong, and the "
        'saved pages can be used later for things like search.'
    ),
    "system-design/search-autocomplete": (
        "Autocomplete suggests what the user might be looking for while they type. I'd keep a list of popular "
        "searches and, as each letter comes in, find the ones that match what they've typed so far and show the "
        'best few. It has to be really quick, because it runs every time they press a key, so performance is the '
        "main thing. I'd refresh the suggestions every so often so they stay relevant, and make sure the system "
        'can handle lots of people typing at once.'
    ),
    "system-design/video-streaming": (
        "For a video streaming service, people upload videos and other people watch them. I'd store the videos "
        'somewhere that can hold a lot of data and make sure they play smoothly for viewers. Everyone has '
        'different devices and internet speeds, so the service should work well for all of them. It needs to '
        "handle a huge number of viewers, especially for popular videos, so scalability is key. I'd also keep "
        'track of things like what people have watched and make sure the whole thing is reliable.'
    ),
    "system-design/file-sync": (
        'A file sync service lets people save their files and see them on all their devices. When a file changes '
        "on one device, the service picks up the change and updates the other ones. I'd store the files in the "
        "cloud and keep track of which version is the latest. If two people change the same file, we'd need some "
        "way to deal with that. It should be efficient so big files don't take forever, and secure, because these "
        "are people's personal files."
    ),
    "system-design/payment-ledger": (
        "A payment system has to be very accurate, because it's dealing with people's money. I'd record every "
        'payment and make sure the numbers always add up. It should be secure and reliable, and if something goes '
        "wrong halfway through a payment, we need to handle it properly so nobody loses money. I'd keep a history "
        "of everything in case we need to look back at it. I'd also connect to the payment providers and make "
        'sure we deal with errors carefully and test everything really well.'
    ),
    "backend-fundamentals/caching-invalidation": (
        "Caching means keeping a copy of data somewhere faster so you don't have to fetch it every time. It makes "
        'the application quicker and takes load off the backend. The tricky part is making sure the cached data '
        "doesn't get out of date, so when the real data changes you have to update the cache as well. I'd choose "
        "what to cache based on what gets used the most, and make sure we don't show people old information for "
        "too long. It's a balance between speed and freshness."
    ),
    "backend-fundamentals/idempotency-retries": (
        "Idempotency means that doing something more than once gives the same result as doing it once. It's "
        "important when requests can fail and get retried, because you don't want something to happen twice, like "
        "a customer being charged two times. So I'd make sure the important operations are safe to repeat. And "
        "when something fails, I'd try it again, but carefully, not forever. It's really about making the system "
        'robust when things go wrong over the network, and thinking about it early in the design.'
    ),
    "backend-fundamentals/database-indexing": (
        'An index helps the database find data faster, a bit like the index at the back of a book. Without one, '
        "the database might have to look through everything to find what you want. I'd add indexes on the things "
        "we search by a lot, when queries start getting slow. But you shouldn't add too many, because they have a "
        "cost as well. So I'd look at which queries are slow, decide from there, and check that performance "
        'actually gets better afterwards.'
    ),
    "backend-fundamentals/transaction-isolation": (
        'A transaction groups several changes together so they either all happen or none of them do. Isolation is '
        'about how transactions running at the same time affect each other. There are different levels, some '
        "stricter and some looser, and the stricter ones are safer but slower. I'd pick the level depending on "
        'how important correctness is for that part of the application. Mostly the default setting is fine, and '
        "for really important data I'd be a bit more careful and test it."
    ),
    "backend-fundamentals/sql-vs-nosql": (
        'It depends on the use case. SQL databases are good when your data has a clear structure and '
        "relationships, and NoSQL databases are more flexible and can scale better for large amounts of data. I'd "
        'look at what kind of data we have, how much of it there will be, and what the application needs to do '
        "with it. If it's very structured I'd probably go with SQL, and if it needs to be flexible or really big, "
        'NoSQL. Both are good choices, so it really depends on the project.'
    ),
    "backend-fundamentals/consistency-models": (
        'Consistency is about whether everyone sees the same data at the same time. With strong consistency '
        'everyone always sees the latest data, and with weaker consistency it might take a little while for '
        'everything to catch up. There are some other options in between as well. Stronger is safer but can be '
        "slower, so it's a trade-off. I'd choose based on what the feature needs, and make sure people don't get "
        'confused by seeing old data.'
    ),
    "backend-fundamentals/load-balancing": (
        'A load balancer spreads incoming requests across several servers so no single one gets overwhelmed. That '
        'helps with performance and reliability, because if one server has a problem, traffic can go to the '
        'others. There are different ways to decide which server gets each request, and different kinds of load '
        "balancers. I'd pick one that fits our traffic and make sure it can tell when a server isn't working "
        "properly. It's a standard part of any system that needs to scale."
    ),
    "backend-fundamentals/observability": (
        "Observability is about knowing what's going on in your system in production. I'd make sure we have good "
        'logging and some dashboards so we can see how things are doing, and alerts so the team finds out when '
        "something breaks. That way when there's a problem we can work out what happened quickly. I'd make sure "
        "every service reports the important information, and we'd review it regularly to keep it useful and make "
        'sure nothing is missed.'
    ),
    "backend-fundamentals/concurrency-locking": (
        'Concurrency problems happen when several things try to change the same data at the same time. To avoid '
        'that you can use locks, so only one thing changes the data at a time. There are different approaches '
        "depending on how often conflicts happen. You also have to be careful that things don't end up waiting "
        "for each other forever. I'd pick the approach that keeps the data correct without slowing the system "
        'down too much, and test it properly.'
    ),
    "backend-fundamentals/api-pagination": (
        "When an API returns a lot of results, you don't want to send everything at once, so you split them into "
        'pages. The client asks for the first page and then for the next ones as it needs them. There are a '
        "couple of ways to do it, and each has its pros and cons. I'd pick a sensible page size, make sure it "
        "performs well even when there's a lot of data, and keep it easy for clients to use."
    ),
    "behavioral/conflict-with-colleague": (
        'I get along with most people, but of course conflicts happen sometimes. When they do, I think '
        "communication is the key. I try to understand the other person's side and find some common ground. "
        "Usually we talk it through and come to an agreement that works for everyone. It's important not to take "
        "things personally and to focus on what's best for the project. In the end we normally work well together "
        'afterwards, and the team is better for it.'
    ),
    "behavioral/failure-and-lessons": (
        'Everyone fails sometimes, and I think what matters is what you learn from it. There have been projects '
        "that didn't go as planned, maybe because the timeline was too tight or the requirements kept changing. "
        'When that happens I try to stay positive and figure out what went wrong. We usually talk about it as a '
        "team and try to do better next time. Over the years I've learned to plan better and communicate more "
        'because of it.'
    ),
    "behavioral/greatest-impact": (
        "I've worked on quite a few projects that had a big impact. We built some important features that "
        'customers really liked, and we improved the system a lot over time. I was involved in many different '
        'parts of it and worked closely with the team the whole way. It was a great experience and the company '
        'benefited from it. I think my biggest impact is really how I help the team deliver good work '
        'consistently.'
    ),
    "behavioral/feedback-given-received": (
        'I think feedback is really important and I try to give it regularly. When I give feedback I try to be '
        'constructive and kind, and focus on the work rather than the person. I also appreciate getting feedback, '
        "because it helps me grow. I've had feedback in the past that helped me improve, and I always try to take "
        'it on board. Overall, I believe in a culture where people can be open and honest with each other.'
    ),
    "behavioral/leading-without-authority": (
        "Even when I'm not the manager, I like to step up and take the lead when it's needed. I think you lead by "
        'example, and by building good relationships so people trust you. I try to get everyone aligned on the '
        'goal and make sure people feel heard. That usually works well, and people are happy to come along when '
        "they can see it's a good idea. Influence is really about communication and trust more than titles."
    ),
    "behavioral/prioritising-under-pressure": (
        "When there's a lot going on, I try to stay calm and organised. I look at everything on my plate and "
        "figure out what's most important. I talk to the people involved so everyone knows what's happening. "
        "Sometimes you have to work a bit harder for a while, and that's fine. I think the key is good "
        'communication and focusing on what matters most to the business, and not panicking when things pile up.'
    ),
    "behavioral/mentoring": (
        "I enjoy mentoring and I've helped several people on my teams over the years. I try to be available when "
        "they have questions and share what I know. I think it's important to be patient and encouraging. I also "
        "like to give people chances to learn by doing things themselves. It's really rewarding to see people "
        "grow, and a few of the people I've helped have gone on to do really well."
    ),
    "behavioral/navigating-ambiguity": (
        "Ambiguity is pretty common in my work, and I'm comfortable with it. When something isn't clear, I try to "
        'ask questions and gather as much information as I can. Then I make a plan and adjust it as we learn '
        "more. I think being flexible is important, and keeping everyone in the loop. In the end you can't always "
        'have all the answers, so you just have to move forward and adapt as you go.'
    ),
    "behavioral/disagree-commit": (
        "I think healthy disagreement is good for a team. If I disagree with something, I'll say so and explain "
        "my point of view respectfully. But once the team makes a decision, I support it, even if it wasn't what "
        "I wanted. It's more important that we move forward together. Sometimes it turns out I was wrong, and "
        'sometimes I was right, but either way the team comes first and we get on with it.'
    ),
    "behavioral/production-mistake": (
        "Yes, I've made mistakes in production, I think everyone has at some point. When it happens, the "
        'important thing is to fix it quickly and be honest about it. I make sure the issue gets resolved and '
        'then think about how to avoid it in the future. Usually that means being more careful and testing things '
        'better. I think mistakes are a good learning opportunity, as long as you take responsibility for them.'
    ),
}

OFF_TOPIC = {
    "wedding": (
        'Last year my sister asked me to help plan her wedding, and I ended up coordinating most of it. We had '
        'about eight months and a budget that was honestly too small for the guest list, so the first thing I did '
        'was sit down with her and her partner and agree on what really mattered to them: good food, live music, '
        'and having all four grandparents there. Everything else was negotiable. We found a converted barn that '
        'was much cheaper on a Friday, and I kept a shared spreadsheet for the caterer, the florist and the band '
        'so nobody missed a deposit. Two weeks before the day the band cancelled, so I called a friend who plays '
        'in a jazz trio, and they were wonderful. It rained all morning, but we had tents ready. Guests said it '
        "was the best wedding they'd been to, and we came in slightly under budget. I learned that deciding early "
        'what matters makes every other decision easier.'
    ),
    "bakery": (
        'A small bakery runs on a schedule that starts long before the doors open. The bakers usually arrive '
        'around four in the morning, because bread needs time to rise, and some of the dough was mixed the '
        'evening before and left to ferment slowly in the fridge, which gives a better flavour. Croissants take '
        'even longer, since the butter is folded into the dough over several rounds with rests in between. The '
        'ovens are loaded in a set order, the hottest bakes first, like crusty sourdough loaves, then the '
        'pastries as the temperature comes down. By seven the shelves have to be full for the morning rush. The '
        "owner watches what sells out and what's left at closing and adjusts the quantities for each day of the "
        'week, so Saturday gets twice the cinnamon rolls. Leftover bread goes to a local shelter or becomes '
        'breadcrumbs. The hardest part is consistency, making every loaf taste the same whatever the weather and '
        'the humidity.'
    ),
    "football-season": (
        "Our local football club had a season I still think about. We'd been relegated the year before, we'd lost "
        'our top scorer, and most people expected another year near the bottom of the table. The new coach '
        'changed the approach completely. Instead of relying on one star, he had us press high as a team, and we '
        'trained fitness twice a week, even through the winter. The first month was rough: we lost four of our '
        'first six games, and a few players wanted to go back to the old style. But by October it clicked. Our '
        'young left back started overlapping on every attack, and the midfield kept the ball much better. We went '
        'eleven games unbeaten, and in the last match of the season we won two one away from home to secure '
        'promotion. Half the town came out to celebrate. What stayed with me is how much a shared plan beat '
        'individual talent.'
    ),
    "gardening": (
        'Two springs ago I decided to turn the neglected back corner of our garden into a vegetable patch. The '
        'soil was heavy clay and full of roots, so the first job was clearing it and digging in a lot of compost, '
        'which took most of March. I built three raised beds from reclaimed timber to keep things manageable and '
        'planned a simple rotation: beans and peas in one, tomatoes and peppers in another, and root vegetables '
        'in the third. Slugs were the big enemy early on. They ate nearly every lettuce seedling in a single '
        'night, so I tried copper tape and beer traps and finally started growing seedlings indoors until they '
        'were sturdier. By August we had more tomatoes than we could eat and gave bags of them to the neighbours. '
        "The carrots were a disappointment, small and forked, because that bed was still too stony. Next year I'm "
        'sieving it properly and adding a small greenhouse.'
    ),
    "guitar": (
        'I started learning the guitar at thirty-five, which felt a bit late. My plan was fifteen minutes every '
        "single day rather than long sessions at the weekend, because I'd read that short daily practice builds "
        'finger memory better. The first month was painful, quite literally, until calluses formed on my '
        'fingertips, and the change from a C chord to a G chord felt impossible. I used a metronome and played '
        'the changes slowly, over and over, before trying any real songs. Around the third month I could get '
        'through a few simple folk songs, and that motivation carried me through barre chords, which took ages. I '
        'also found a teacher for a lesson every two weeks, and she fixed my posture and the way I held the pick. '
        "After a year I played two songs at a friend's birthday party, with my hands shaking the whole time. The "
        'biggest lesson was that steady practice beat talent every time.'
    ),
}

DISFLUENT_STRONG = {
    "system-design/url-shortener": (
        "Okay, so, um, first I'd pin down the scale. Let's say, uh, a hundred million new links a month, and "
        "reads are like a hundred times more common than writes, so it's a really read heavy system. The API is "
        "basically two calls, you know, shorten a long URL and resolve a code. For the code I'd use base "
        'sixty-two, and, um, seven characters gives you about three and a half trillion combinations, which is '
        "plenty. To generate them I'd, well, hashing the URL works, but then you have to deal with collisions, so "
        "I'd rather give each server a range of numbers from a counter, like through ZooKeeper, and encode the "
        'next number in base sixty-two. Storage is just a key value lookup, code to long URL, so something like, '
        'uh, DynamoDB or Cassandra, partitioned by the code. And then a Redis cache in front, because, you know, '
        'a few links get most of the clicks. For the redirect, um, a three oh one is permanent so browsers cache '
        'it, but a three oh two sends every click back through us, which you want for analytics. The click events '
        "go, uh, onto Kafka and get counted asynchronously so the redirect stays fast. And I'd add, like, link "
        'expiry, rate limiting on creating links, and a check for malicious URLs.'
    ),
    "backend-fundamentals/caching-invalidation": (
        'So, um, the pattern I use most is cache aside. The app checks the cache, and on a miss it, uh, reads the '
        "database and puts the value in the cache with a time to live. There's also write through, where you, you "
        'know, update the cache and the database together, and write behind, where the database gets written '
        "later, which is fast but, um, you can lose data. The hard part is invalidation. When data changes I'd, "
        "I'd delete the key rather than, like, setting the new value, because two writers racing can leave the "
        'old one in there. And even then, uh, a reader can put a stale value back right after the delete, so the '
        'time to live is your safety net. If you need it tighter, you can drive invalidation from change data '
        'capture, like, um, Debezium reading the write ahead log, so every change evicts its key. Or versioned '
        "keys, where you bump a version on each write. Then there's the, um, the stampede problem, you know, when "
        'a hot key expires and a thousand requests hit the database at once, so you do request coalescing or a '
        'lock, and add some jitter to the expiry. Eviction is usually least recently used. And, uh, I always '
        "watch the hit ratio, because a cache that's rarely hit is just extra latency."
    ),
    "backend-fundamentals/load-balancing": (
        'Right, so a load balancer, um, spreads requests across a pool of servers and takes out the unhealthy '
        'ones. The first thing is, uh, layer four versus layer seven. Layer four works on, like, TCP connections, '
        "just addresses and ports, so it's really fast. Layer seven actually understands HTTP, so it can, you "
        'know, terminate TLS, route by path or header, and balance per request, which matters for, um, long lived '
        'gRPC connections. For algorithms, round robin is the default, weighted round robin if the servers are '
        "different sizes, and least connections when, uh, requests vary a lot in cost. There's also, um, power of "
        'two random choices, where you pick two servers at random and, you know, send to the less loaded one, '
        'which works surprisingly well. And consistent hashing if you want, like, affinity for caches. For health '
        "checks, so, there's active, where the balancer probes an endpoint every few seconds and ejects a server "
        "after a few failures, and passive, where it, uh, notices real requests failing, that's outlier "
        "detection. The health check shouldn't, um, it shouldn't check every dependency, or one database blip "
        'takes out the whole pool. Then connection draining during deploys, so in flight requests can finish. '
        "And, uh, the balancer itself can't be a single point of failure, so you run a few of them, with DNS or "
        'anycast in front.'
    ),
}
