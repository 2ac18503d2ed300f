"""Answer texts spoken by the synthesiser in tests (text only: the audio is made at test time)."""

RATE_LIMITING_STRONG = (
    "I would start by picking the algorithm. A token bucket is my default, because it allows short bursts "
    "while keeping a steady average rate. A sliding window counter is the alternative when you need smoother limits "
    "than a fixed window. The counters live in Redis, so every instance of the service sees the same numbers: "
    "an atomic increment with an expiry, or a small Lua script, keeps them correct. I would limit per API key and per "
    "user, with higher limits for paid tiers. When a client goes over the limit, we return HTTP status four twenty "
    "nine, too many requests, with a Retry-After header. The limiter runs in the API gateway, before requests reach "
    "the services. If Redis is down, we fail open for most endpoints, and we monitor rejected requests with metrics "
    "and alerts."
)

OFF_TOPIC = (
    "I spent last summer hiking in the mountains with my family. We walked for about six hours every day and "
    "slept in small huts along the trail. The food was simple but good, and the views over the lakes were "
    "beautiful. My favourite moment was watching the sunrise from the top of a ridge while everyone else was "
    "still asleep. Next year we want to go back and try a longer route through the valleys."
)

# 12 filler sounds and a few filler words, in a short answer about the same topic.
FILLER_HEAVY = (
    "So, um, I would, uh, use a token bucket. Um, the counters are, uh, stored in Redis. Uh, and when, um, "
    "a client is over the limit, we, uh, return an error. Um, basically, the gateway, uh, checks it. "
    "Um, you know, it is, uh, actually simple. Um, that is it."
)
FILLER_HEAVY_SOUNDS = 12

CLEAN_SHORT = "We keep the counters in Redis and return status four twenty nine with a Retry-After header."
