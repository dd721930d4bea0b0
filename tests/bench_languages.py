"""Benchmark: one NLU model for all four languages against one model per language behind
the front (``.venv/bin/python -m tests.bench_languages``), to settle which to keep.

How: the NLU examples of every language (``data/nlu/<lang>``, Rasa's own loader) are split
80/20 per language and intent with a fixed seed; only intents with at least
``MIN_FOR_TEST`` examples in a language give test messages, and a test text seen in any
training side is dropped. With the project's ``config.yml`` unchanged, (a) one model is
trained on the 80 % of all languages and (b) one model per language on its own 80 %, each
in a fresh process (wall-clock of ``train_nlu`` alone, Rasa's training cache off). Each
setup is then loaded in a fresh process, as a server would hold it (for (b) all four at
once), which reports its resident memory before and after loading and parses every test
message: intent accuracy and macro-F1 (the intent after the whole pipeline, so a fallback
is a miss), latency per message, and, for (b), what a message gets from another language's
model (the front routed it by the conversation's language, the writer used another).
Everything is written under a temporary directory; data/ and models/ are only read.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("en", "de", "fr", "nl")
CONFIG = ROOT / "config.yml"
SEED = 20240611
TEST_SHARE = 0.2
MIN_FOR_TEST = 5
WARM_UP = ("hello", "hallo", "bonjour", "I saw something worrying")
ONE = "all"  # the name of the model that holds every language
FALLBACK = "nlu_fallback"


@dataclass
class Split:
    train: Dict[str, list]  # language -> rasa Messages
    test: Dict[str, List[Tuple[str, str]]]  # language -> (text, intent)
    dropped: int  # test texts also found on a training side


def rss_mib() -> float:
    """Resident memory of this process in MiB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def split_examples() -> Split:
    """Stratified 80/20 per language and intent, the same on every run."""
    from rasa.shared.nlu.training_data.loading import load_data

    train: Dict[str, list] = {}
    test: Dict[str, List[Tuple[str, str]]] = {}
    for language in LANGUAGES:
        by_intent = defaultdict(dict)
        for message in load_data(str(ROOT / "data" / "nlu" / language)).intent_examples:
            by_intent[message.get("intent")].setdefault(message.get("text"), message)
        rng = random.Random(f"{SEED}-{language}")
        train[language], test[language] = [], []
        for intent in sorted(by_intent):
            group = [by_intent[intent][text] for text in sorted(by_intent[intent])]
            if len(group) < MIN_FOR_TEST:
                train[language] += group
                continue
            rng.shuffle(group)
            cut = max(1, round(len(group) * TEST_SHARE))
            test[language] += [(m.get("text"), intent) for m in group[:cut]]
            train[language] += group[cut:]
    seen = {_key(m.get("text")) for messages in train.values() for m in messages}
    dropped = 0
    for language in LANGUAGES:
        kept = [(text, intent) for text, intent in test[language] if _key(text) not in seen]
        dropped += len(test[language]) - len(kept)
        test[language] = kept
    return Split(train, test, dropped)


def write_nlu(messages: list, folder: Path) -> Path:
    from rasa.shared.nlu.training_data.training_data import TrainingData

    folder.mkdir(parents=True)
    (folder / "nlu.yml").write_text(
        TrainingData(training_examples=messages).nlu_as_yaml(), encoding="utf-8"
    )
    return folder


def child(mode: str, job: Path, env: Dict[str, str]) -> dict:
    """Run ``mode`` of this module in a fresh process; its result comes back as JSON."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench_languages", mode, str(job)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"{mode} {job} failed:\n{done.stderr[-4000:]}")
    return json.loads(job.with_suffix(".out.json").read_text())


def train_child(job: Path) -> None:
    """Train one NLU model and time ``train_nlu`` alone (imports done before)."""
    import rasa.model_training
    from rasa.nlu.classifiers.logistic_regression_classifier import (  # noqa: F401
        LogisticRegressionClassifier,
    )

    spec = json.loads(job.read_text())
    started = time.perf_counter()
    path = rasa.model_training.train_nlu(
        str(CONFIG), spec["data"], spec["out"], fixed_model_name=spec["name"]
    )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"path": path, "seconds": seconds, "peak_mib": peak}
    job.with_suffix(".out.json").write_text(json.dumps(result))


def serve_child(job: Path) -> None:
    """Load the models as a server would, then parse the test messages through them."""
    from rasa.core.agent import Agent

    spec = json.loads(job.read_text())

    async def run() -> dict:
        gc.collect()
        before = rss_mib()
        agents = {name: Agent.load(path) for name, path in spec["models"].items()}
        gc.collect()
        loaded = rss_mib()
        for agent in agents.values():
            for text in WARM_UP:
                await agent.parse_message(text)
        parses: Dict[str, Dict[str, list]] = defaultdict(dict)
        for language, name in spec["routes"]:
            got = []
            for text in spec["tests"][language]:
                started = time.perf_counter()
                parsed = await agents[name].parse_message(text)
                got.append([parsed["intent"]["name"], time.perf_counter() - started])
            parses[language][name] = got
        return {"before": before, "loaded": loaded, "after": rss_mib(), "parses": parses}

    job.with_suffix(".out.json").write_text(json.dumps(asyncio.run(run())))


def scores(truth: List[str], predicted: List[str]) -> Tuple[float, float, float]:
    """Accuracy, macro-F1 over the intents tested, and the share that fell back."""
    from sklearn.metrics import f1_score

    hits = sum(t == p for t, p in zip(truth, predicted, strict=True))
    f1 = f1_score(truth, predicted, labels=sorted(set(truth)), average="macro", zero_division=0)
    return hits / len(truth), f1, predicted.count(FALLBACK) / len(truth)


def mcnemar(truth: List[str], a: List[str], b: List[str]) -> Tuple[int, int, float]:
    """Messages only (a) gets right, only (b) gets right, and the exact two-sided p."""
    from scipy.stats import binomtest

    only_a = sum(t == x != y for t, x, y in zip(truth, a, b, strict=True))
    only_b = sum(t == y != x for t, x, y in zip(truth, a, b, strict=True))
    n = only_a + only_b
    return only_a, only_b, binomtest(min(only_a, only_b), n).pvalue if n else 1.0


def per_intent_f1(truth: List[str], predicted: List[str]) -> Dict[str, float]:
    from sklearn.metrics import f1_score

    labels = sorted(set(truth))
    values = f1_score(truth, predicted, labels=labels, average=None, zero_division=0)
    return dict(zip(labels, values, strict=True))


def ms(samples: List[float], quantile: int) -> float:
    """The ``quantile``-th percentile in milliseconds (50: median, 95: p95)."""
    return statistics.quantiles(samples, n=100)[quantile - 1] * 1000


def bench() -> int:
    split = split_examples()
    tests = {lang: [text for text, _ in split.test[lang]] for lang in LANGUAGES}
    truth = {lang: [intent for _, intent in split.test[lang]] for lang in LANGUAGES}
    print(
        f"examples: train {sum(map(len, split.train.values()))}, "
        f"test {sum(map(len, tests.values()))} "
        f"({split.dropped} test texts dropped as also seen in training)",
        file=sys.stderr,
    )
    with tempfile.TemporaryDirectory(prefix="bench-languages-") as tmp:
        work = Path(tmp)
        env = {
            **os.environ,
            "RASA_MAX_CACHE_SIZE": "0",  # no training cache: every run trains in full
            "RASA_CACHE_DIRECTORY": str(work / "cache"),
            "RASA_TELEMETRY_ENABLED": "false",
        }
        data = {ONE: [m for lang in LANGUAGES for m in split.train[lang]], **split.train}
        trained = {}
        for name, messages in data.items():
            job = work / f"train-{name}.json"
            spec = {"data": str(write_nlu(messages, work / "data" / name)), "name": name}
            job.write_text(json.dumps({**spec, "out": str(work / "models")}))
            trained[name] = child("train", job, env)
            print(f"trained {name}: {trained[name]['seconds']:.0f} s", file=sys.stderr)

        served = {}
        setups = {
            "one": ({ONE: trained[ONE]["path"]}, [(lang, ONE) for lang in LANGUAGES]),
            "per-language": (
                {lang: trained[lang]["path"] for lang in LANGUAGES},
                [(lang, model) for lang in LANGUAGES for model in LANGUAGES],
            ),
        }
        for setup, (models, routes) in setups.items():
            job = work / f"serve-{setup}.json"
            job.write_text(json.dumps({"models": models, "routes": routes, "tests": tests}))
            served[setup] = child("serve", job, env)
        sizes = {name: os.path.getsize(t["path"]) / 2**20 for name, t in trained.items()}
    report(split, truth, trained, served, sizes)
    return 0


def report(split: Split, truth, trained, served, sizes) -> None:
    """Print both tables, the per-intent differences, and the conclusion."""
    own = {
        "one": {lang: served["one"]["parses"][lang][ONE] for lang in LANGUAGES},
        "per-language": {lang: served["per-language"]["parses"][lang][lang] for lang in LANGUAGES},
    }
    pooled_truth = [t for lang in LANGUAGES for t in truth[lang]]
    predicted = {
        setup: {lang: [p for p, _ in own[setup][lang]] for lang in LANGUAGES} for setup in own
    }
    pooled = {setup: [p for lang in LANGUAGES for p in predicted[setup][lang]] for setup in own}

    print("## Accuracy and latency (held-out 20 %, intent after the whole pipeline)\n")
    print("| language | setup | test msgs | accuracy | macro-F1 | fallback | median ms | p95 ms |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for lang in (*LANGUAGES, "all"):
        for setup in own:
            if lang == "all":
                gold, got = pooled_truth, pooled[setup]
                times = [s for code in LANGUAGES for _, s in own[setup][code]]
            else:
                gold, got = truth[lang], predicted[setup][lang]
                times = [s for _, s in own[setup][lang]]
            accuracy, f1, fallback = scores(gold, got)
            print(
                f"| {lang} | {setup} | {len(gold)} | {accuracy:.3f} | {f1:.3f} | "
                f"{fallback:.1%} | {ms(times, 50):.1f} | {ms(times, 95):.1f} |"
            )
    wrong = [
        (t, p)
        for lang in LANGUAGES
        for model in LANGUAGES
        if model != lang
        for t, (p, _) in zip(
            truth[lang], served["per-language"]["parses"][lang][model], strict=True
        )
    ]
    misrouted, _, misrouted_fallback = scores([t for t, _ in wrong], [p for _, p in wrong])
    print(
        f"\nPer-language, a message sent to another language's model (12 pairings, "
        f"{len(wrong)} parses): accuracy {misrouted:.3f}, fallback {misrouted_fallback:.1%}."
    )

    total_b = sum(trained[lang]["seconds"] for lang in LANGUAGES)
    print("\n## Cost\n")
    print(
        "| setup | training wall-clock s | training peak RSS MiB | model files MiB "
        "| RSS before load MiB | RSS loaded MiB | RSS after parsing MiB |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for setup, names in (("one", [ONE]), ("per-language", list(LANGUAGES))):
        memory = served[setup]
        seconds = sum(trained[n]["seconds"] for n in names)
        detail = (
            ""
            if len(names) == 1
            else " (" + " + ".join(f"{trained[n]['seconds']:.0f}" for n in names) + ")"
        )
        print(
            f"| {setup} | {seconds:.0f}{detail} | {max(trained[n]['peak_mib'] for n in names):.0f} "
            f"| {sum(sizes[n] for n in names):.2f} | {memory['before']:.0f} "
            f"| {memory['loaded']:.0f} (+{memory['loaded'] - memory['before']:.0f}) "
            f"| {memory['after']:.0f} |"
        )

    print("\n## Largest per-intent F1 differences (per-language minus one)\n")
    differences = []
    for lang in LANGUAGES:
        a = per_intent_f1(truth[lang], predicted["one"][lang])
        b = per_intent_f1(truth[lang], predicted["per-language"][lang])
        differences += [(b[i] - a[i], lang, i, a[i], b[i]) for i in a]
    differences.sort(key=lambda d: -abs(d[0]))
    for diff, lang, intent, a, b in differences[:8]:
        print(f"- {lang} `{intent}`: one {a:.2f}, per-language {b:.2f} ({diff:+.2f})")

    acc_a, _, _ = scores(pooled_truth, pooled["one"])
    acc_b, _, _ = scores(pooled_truth, pooled["per-language"])
    only_a, only_b, p = mcnemar(pooled_truth, pooled["one"], pooled["per-language"])
    extra_mib = (served["per-language"]["loaded"] - served["per-language"]["before"]) - (
        served["one"]["loaded"] - served["one"]["before"]
    )
    print("\n## Conclusion\n")
    print(
        f"Over all {len(pooled_truth)} test messages, one model: {acc_a:.3f}, per-language: "
        f"{acc_b:.3f}; {only_a} messages only the one model gets right, {only_b} only the "
        f"per-language models (McNemar exact p = {p:.3f}). Training: "
        f"{trained[ONE]['seconds']:.0f} s against {total_b:.0f} s in all; loading adds "
        f"{extra_mib:+.0f} MiB for four models against one."
    )
    if acc_b > acc_a and p < 0.05:
        print(
            "Per-language models understand measurably better: worth the front's routing, "
            "provided the conversation's language is known before the first message "
            f"(a message reaching the wrong model is read right {misrouted:.0%} of the time)."
        )
    else:
        print(
            "Per-language models do not understand measurably better, so keep the one "
            "model: one thing to train, load and serve, and it reads a message whatever "
            f"language the front thinks the conversation is in (a per-language model reads "
            f"another language's message right {misrouted:.0%} of the time)."
        )


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == ["train"]:
        train_child(Path(args[1]))
        return 0
    if args[:1] == ["serve"]:
        serve_child(Path(args[1]))
        return 0
    return bench()


if __name__ == "__main__":
    sys.exit(main())
