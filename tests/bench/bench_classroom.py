"""Benchmark: a headless host and N simulated students over loopback, a whole quiz.

Run: .venv/bin/python tests/bench/bench_classroom.py [--sizes 50 200 500 1000] [--questions 5]
     [--kinds choice|all] [--limits default|raised]

Each student connects from its own loopback address (127.0.x.y), as each device in a
classroom has its own; so the host runs with its default guard rails (--limits default:
10 joins a second and 50 sockets per address, 30 wrong PINs a minute) unless asked to
raise them. --kinds all asks every question kind (multiple choice, multi-select,
true/false, short answer, numeric, cloze, ordering, matching, a flashcard) in turn and
students answer each in its own shape; --kinds choice asks multiple choice only.

The host runs in its own process (`python -m quizapp.classroom.headless`, bound to
127.0.0.1); the students are ClassroomClient objects in this process. Prints, per N:
answers lost (sent but missing from the host's record; must be 0), p50/p99 from a
student sending an answer to receiving the host's ack, and p50/p99 from the host
closing a question (its monotonic clock, on stderr) to each student having the
result. Both processes read the same CLOCK_MONOTONIC, so the two are comparable.
"host close" is the host's own time from closing a question to handing the last
result to the kernel. Students answer 0.3..--think seconds after each question
(--think 0.35 makes every answer arrive in one burst).
Not a test: no timed assertions. Every wait is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from websockets.exceptions import ConnectionClosed

from quizapp.classroom import ClassroomClient
from quizapp.classroom.protocol import Ack, Question, Result, parse_server_message
from quizapp.classroom.server import raise_open_file_limit
from quizapp.model import Deck

TIME_LIMIT = 10.0
LATENCY_TARGET_MS = 100.0


GREEK = ["Alpha", "Beta", "Gamma", "Delta"]
#: One card of each kind, asked in turn with --kinds all.
EVERY_KIND: list[dict[str, object]] = [
    {"kind": "multiple_choice", "question": "Which is right?", "choices": GREEK,
     "answer": "Beta"},
    {"kind": "multi_select", "question": "Which are right?", "choices": GREEK,
     "answers": ["Alpha", "Gamma"]},
    {"kind": "true_false", "statement": "This is true.", "answer": True},
    {"kind": "short_answer", "question": "Name it.", "answers": ["Alpha"]},
    {"kind": "numeric", "question": "How many?", "answer": 42, "tolerance": 1},
    {"kind": "cloze", "text": "The {{c1::Alpha}} and the {{c2::Omega}}."},
    {"kind": "ordering", "question": "In order", "items": GREEK},
    {"kind": "matching", "question": "Match", "pairs": [[g, g.lower()] for g in GREEK]},
    {"kind": "flashcard", "front": "First letter?", "back": "Alpha"},
]  # fmt: skip


def bench_deck(questions: int, kinds: str = "choice") -> Deck:
    cards = []
    for i in range(questions):
        if kinds == "all":
            card = dict(EVERY_KIND[i % len(EVERY_KIND)])
        else:
            card = {"kind": "multiple_choice", "question": f"Question {i}: which is right?",
                    "choices": GREEK, "answer": GREEK[i % 4]}  # fmt: skip
        cards.append({**card, "id": f"q{i}", "explanation": "Because."})
    return Deck.model_validate({"id": "bench", "title": "Bench", "cards": cards})


def response_to(question: Question, rng: random.Random) -> object:
    """A well-shaped answer (right or not) to any kind of question."""
    kind = question.kind
    if kind == "multiple_choice":
        return rng.choice(question.choices)
    if kind == "multi_select":
        return rng.sample(question.choices, rng.randint(1, len(question.choices)))
    if kind == "true_false":
        return rng.random() < 0.5
    if kind == "numeric":
        return str(rng.randint(40, 44))
    if kind == "cloze":
        return [rng.choice(["Alpha", "Omega", "x"]) for _ in range(question.gaps)]
    if kind == "ordering":
        return rng.sample(question.items, len(question.items))
    if kind == "matching":
        rights = rng.sample(question.right, len(question.right))
        return dict(zip(question.left, rights, strict=True))
    return rng.choice(["Alpha", "alpha", "Beta"])  # short answer, a flashcard asked typed


def address_of(i: int) -> str:
    """Student i's own loopback source address: 127.0.0.2 ... 127.0.0.251, 127.0.1.2 ..."""
    return f"127.0.{i // 250}.{2 + i % 250}"


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Student:
    def __init__(self, name: str, rng: random.Random, think: float, source: str) -> None:
        self.name = name
        self.source = source
        self.think = think
        self.rng = rng
        self.client: ClassroomClient | None = None
        self.sent = 0
        self.acks: list[float] = []
        self.results: dict[int, float] = {}
        self.finished = False
        self.pending: dict[int, float] = {}

    async def join(self, address: str, pin: str) -> None:
        self.client = ClassroomClient(address, local_addr=self.source)
        await self.client.join(pin, self.name, timeout=30)

    async def play(self) -> None:
        assert self.client is not None
        tasks = set()
        while True:
            try:
                text = await self.client.receive_raw()
            except ConnectionClosed:
                break
            # Stamped as the frame arrives: what is measured is delivery, not parsing here
            # (500 simulated students share one process; real ones have a device each).
            now = time.monotonic()
            kind = json.loads(text)["type"]
            if kind == "question":
                question = parse_server_message(text)
                assert isinstance(question, Question)
                task = asyncio.create_task(self.answer_later(question))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            elif kind == "ack":
                ack = parse_server_message(text)
                assert isinstance(ack, Ack)
                sent = self.pending.pop(ack.question, None)
                if sent is not None:
                    self.acks.append(now - sent)
            elif kind == "result":
                result = parse_server_message(text)
                assert isinstance(result, Result)
                self.results[result.question] = now
            elif kind == "finished":
                self.finished = True
                break
        await self.client.close()

    async def answer_later(self, question: Question) -> None:
        assert self.client is not None
        # Students think for 0.3..think s; well inside the limit, so none is late.
        await asyncio.sleep(self.rng.uniform(0.3, min(self.think, question.time_limit / 2)))
        response = response_to(question, self.rng)
        self.pending[question.index] = time.monotonic()
        self.sent += 1
        await self.client.answer(question.index, response)  # type: ignore[arg-type]


async def read_trace(
    stream: asyncio.StreamReader, closed: dict[int, float], sent: dict[int, float]
) -> None:
    while line := await stream.readline():
        try:
            event = json.loads(line)
        except ValueError:
            sys.stderr.write(line.decode(errors="replace"))
            continue
        if event.get("event") == "closed":
            closed[event["question"]] = event["t"]
        elif event.get("event") == "results_sent":
            sent[event["question"]] = event["t"]


async def run(
    n: int, questions: int, deck_file: Path, think: float, limits: str
) -> dict[str, float]:
    settings: dict[str, object] = {
        "time_per_question": TIME_LIMIT,
        "reveal_seconds": 0.5,
        "max_players": n,
    }
    if limits == "raised":  # what the benchmark used before each student had an address
        settings |= {"joins_per_second": n + 10, "sockets_per_address": n + 10}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "quizapp.classroom.headless", str(deck_file),
        "--host", "127.0.0.1", "--min-players", str(n), "--lobby-timeout", "120",
        "--settings", json.dumps(settings), "--trace",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        limit=2**26,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    closed: dict[int, float] = {}
    results_sent: dict[int, float] = {}
    trace = asyncio.create_task(read_trace(proc.stderr, closed, results_sent))
    try:
        ready = json.loads(await asyncio.wait_for(proc.stdout.readline(), 30))
        address, pin = ready["addresses"][0], ready["pin"]
        rng = random.Random(n)
        students = [
            Student(f"s{i:04d}", random.Random(rng.random()), think, address_of(i))
            for i in range(n)
        ]
        started = time.monotonic()
        for start in range(0, n, 50):  # connect in waves, as a class does
            await asyncio.wait_for(
                asyncio.gather(*(s.join(address, pin) for s in students[start : start + 50])), 60
            )
        joined = time.monotonic() - started
        budget = questions * (TIME_LIMIT + 5) + 30
        await asyncio.wait_for(asyncio.gather(*(s.play() for s in students)), budget)
        line = await asyncio.wait_for(proc.stdout.readline(), 30)
        result = json.loads(line)["result"]
        await asyncio.wait_for(proc.wait(), 30)
        await asyncio.wait_for(trace, 10)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    recorded = sum(1 for q in result["questions"] for a in q["answers"] if a["time_ms"] is not None)
    sent = sum(s.sent for s in students)
    acks = [a * 1000 for s in students for a in s.acks]
    deliveries = [
        (t - closed[q]) * 1000 for s in students for q, t in s.results.items() if q in closed
    ]
    return {
        "n": n,
        "join_s": joined,
        "sent": sent,
        "lost": sent - recorded,
        "unacked": sent - len(acks),
        "missing_results": n * questions - len(deliveries),
        "unfinished": sum(not s.finished for s in students),
        "ack_p50": pct(acks, 50),
        "ack_p99": pct(acks, 99),
        "res_p50": pct(deliveries, 50),
        "res_p99": pct(deliveries, 99),
        "res_mean": statistics.fmean(deliveries) if deliveries else float("nan"),
        # Host side: from closing a question to the last result handed to the kernel.
        "close_max": max((results_sent[q] - closed[q]) * 1000 for q in results_sent),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 500, 1000])
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--kinds", choices=["choice", "all"], default="choice")
    parser.add_argument("--limits", choices=["default", "raised"], default="default",
                        help="the host's guard rails as shipped, or raised for one address")
    parser.add_argument(
        "--think", type=float, default=3.0, help="students answer 0.3..THINK s after a question"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        deck_file = Path(tmp) / "bench.json"
        deck_file.write_text(bench_deck(args.questions, args.kinds).model_dump_json())
        soft, hard = raise_open_file_limit()  # 1,000 students are 1,000 sockets here too
        load = os.getloadavg()[0]
        print(f"{os.cpu_count()} CPUs, load average {load:.2f} at start (other work skews tails)")
        print(f"kinds: {args.kinds}; host limits: {args.limits}; open files {soft}/{hard}; "
              "one loopback address per student")
        print(
            f"{'N':>5} {'join s':>7} {'sent':>6} {'lost':>5} {'unacked':>8} {'no result':>9} "
            f"{'ack p50':>8} {'ack p99':>8} {'res p50':>8} {'res p99':>8} {'host close':>9}  (ms)"
        )
        worst = 0.0
        for n in args.sizes:
            r = asyncio.run(run(n, args.questions, deck_file, args.think, args.limits))
            worst = max(worst, r["ack_p99"], r["res_p99"])
            print(
                f"{r['n']:>5} {r['join_s']:>7.2f} {r['sent']:>6} {r['lost']:>5} "
                f"{r['unacked']:>8} {r['missing_results']:>9} {r['ack_p50']:>8.1f} "
                f"{r['ack_p99']:>8.1f} {r['res_p50']:>8.1f} {r['res_p99']:>8.1f} "
                f"{r['close_max']:>9.1f}",
                flush=True,
            )
        print(f"worst p99 {worst:.1f} ms; target {LATENCY_TARGET_MS:.0f} ms "
              f"(ratio {worst / LATENCY_TARGET_MS:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
