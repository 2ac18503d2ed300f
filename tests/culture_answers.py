"""Behavioural answers spoken by the synthesiser in tests (text only: the audio is made at test time).

Each STAR answer tells its situation, task, action and result in the words people use for them, owns its actions
("I"), measures its result and reflects; each rambling answer talks around the question: no story, "we" throughout,
no number, no lesson. STAR_PARTS says which parts each answer was written with.
"""

STAR = {
    "disagree-and-commit": (
        "At my last job, our team was about to move every service to a new message broker in one quarter. "
        "My role was to own the migration plan, and I disagreed with doing it all at once. "
        "I wrote a design doc and showed the data from a small prototype: two of our services lost messages under load. "
        "I met with my manager and made the case for moving one service at a time. "
        "She had a point about the deadline, and in the end it was her call, so once the decision was made I committed to it "
        "and I built the load tests we needed. "
        "As a result, we finished the migration in eleven weeks, and message loss went from three incidents a month to zero. "
        "I learned to bring data early, and next time I would write the proposal before the planning meeting."
    ),
    "failure": (
        "A couple of years ago I was the tech lead for our payments service. "
        "My goal was to ship a new retry system before the holiday peak. "
        "I decided to skip the staged rollout to save a week, and I pushed the change to every region at once. "
        "It failed: a bug doubled some charges for about forty minutes. "
        "I rolled it back, I called the affected customers with our support team, and I wrote the postmortem. "
        "After that, I added canary releases to our pipeline, and since then we have shipped thirty changes with no incident. "
        "Looking back, I learned that a week saved is never worth skipping the safety checks."
    ),
    "biggest-impact": (
        "In my previous role our search page was slow, and customers were leaving before it loaded. "
        "I was responsible for the search backend, and the challenge was to make it fast without a rewrite. "
        "I measured where the time went, and I found that half of it was spent in one database query. "
        "I proposed a cache in front of it, I built it over two sprints, and I set up alerts on the hit rate. "
        "As a result, the median latency dropped from nine hundred milliseconds to one hundred and twenty, "
        "and conversions increased by four percent. "
        "What I took away is to measure first and then change one thing at a time."
    ),
}

RAMBLING = {
    "disagree-and-commit": (
        "Well, disagreements happen all the time, and I think they are healthy. "
        "We usually talk things through as a team, and we try to listen to everyone. "
        "Sometimes we agree and sometimes we do not, but we always find a way forward together. "
        "Communication is really important, and we value open discussion. "
        "In general we are a very collaborative group, and we respect each other a lot."
    ),
    "failure": (
        "Failure is part of engineering, and everyone fails sometimes. "
        "We always try to do our best, and when something goes wrong we talk about it. "
        "It is important to stay positive and keep going. "
        "Our team is very supportive, and we believe that mistakes are normal. "
        "We just try to keep improving all the time, in every project we work on."
    ),
}

# The parts each STAR answer was written with (all of them), and the ones no rambling answer has.
STAR_PARTS = ("situation", "task", "action", "result")
