"""The development set the recognition settings and hesitation thresholds were tuned on: the bank's strong
answers (tests/bank_answers.py) and a few disfluent, fluent and trap answers. The held-out evaluation set is
tests/natural_answers.py, written apart and never tuned on."""

from __future__ import annotations

from tests.bank_answers import STRONG
from tests.natural_answers import EvalAnswer as DevAnswer  # the same fields; terms filled by dev_set where empty


_WRITTEN = (
    DevAnswer("dev-rate-disfluent", "rate-limiting", "disfluent",
              "So, um, I would start with a token bucket in Redis. Uh, each request, um, takes a token, and, uh, when the "
              "bucket is empty we return four twenty nine. You know, the gateway, uh, does the check, and, like, we log every "
              "rejection. Um, that is the design.", fillers=8),
    DevAnswer("dev-cap-disfluent", "cap-theorem", "disfluent",
              "Um, the CAP theorem is, uh, about consistency and availability. When the network, um, splits, you know, you "
              "have to choose. Uh, Cassandra picks availability and, um, ZooKeeper picks consistency. Like, it depends on "
              "the data.", fillers=7),
    DevAnswer("dev-micro-disfluent", "microservices", "disfluent",
              "Microservices are, um, small services that you deploy on their own. Uh, each one owns its database. The "
              "downside is, um, all the network calls, and, uh, debugging gets harder, you know. Um, I would start with a "
              "monolith.", fillers=6),
    DevAnswer("dev-auth-fluent", "authn-authz", "fluent",
              "Authentication proves who the user is, and authorization decides what they may do. I would use OpenID "
              "Connect with an identity provider, store passwords with bcrypt, and issue short-lived JWT access tokens. "
              "Every request is checked on the server with role-based access control."),
    DevAnswer("dev-scaling-fluent", "horizontal-vs-vertical-scaling", "fluent",
              "Vertical scaling means a bigger machine with more CPU and memory. Horizontal scaling means adding more "
              "machines behind a load balancer. The services must be stateless, and the database usually needs read "
              "replicas or sharding."),
    DevAnswer("dev-queues-fluent", "message-queues", "fluent",
              "I have run Kafka in production for order events. Consumers were idempotent because delivery was at least "
              "once, and messages that kept failing went to a dead letter queue. We watched consumer lag on a dashboard."),
    DevAnswer("dev-rate-trap", "rate-limiting", "trap",
              "Last weekend I was reading a book in the garden. I bought a token for the bus, crossed one thing off my "
              "bucket list, and tried the crossword four hundred and twenty times before giving up for the rest of the day."),
    DevAnswer("dev-security-trap", "api-security", "trap",
              "My key to the house broke, so I waited in a queue at the bakery and paid in cash. The course at the gym "
              "was full, and the market was closed for the holiday."),
)


def dev_set(bank) -> tuple[DevAnswer, ...]:
    """The written answers and the bank's strong answers, each with its terms: the question's vocabulary terms
    its script holds (written answers without terms listed get them the same way)."""
    from dataclasses import replace

    from tests.recognition_eval import said, script_windows

    def with_terms(a: DevAnswer) -> DevAnswer:
        if a.terms or a.kind == "trap":
            return a
        script = script_windows(a.text)
        return replace(a, terms=tuple(t for t in bank.question(a.question).vocabulary if said(t, script)))

    strong = tuple(DevAnswer(f"dev-{qid}-strong", qid, "strong", text) for qid, text in STRONG.items())
    return tuple(with_terms(a) for a in strong + _WRITTEN)
