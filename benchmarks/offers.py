"""Browsing shop-local offers: a page of offers through the assistant (`/offers`, its filter buttons,
"More", and the text search) with 10,000 active offers across 500 businesses and 10 regions, on
SQLite and on PostgreSQL (TEST_DATABASE_URL's server, a database of its own, dropped after).

`python -m benchmarks.offers` runs it alone."""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from benchmarks.support import scratch_postgres

OFFERS, BUSINESSES, REGIONS = 10_000, 500, 10
#: Browses measured per kind on each engine.
ROUNDS = 300

PRODUCTS = (
    "blomster roser tulipaner kaffe kanelboller brød kaker sko støvler jakker bøker leker sykler ski dekk "
    "frisør massasje yoga kurs konsert pizza sushi burger is sjokolade vin øl ost fisk kjøtt grønnsaker "
    "lamper møbler puter tepper smykker klokker briller parfyme såpe maling verktøy hagesenter planter "
    "julepynt gaver kort garn stoff symaskin kamera telefon"
).split()
WORDS = (
    "nydelig fersk lokal hjemmelaget god billig rabatt halv pris tilbud uke helg hver dag åpent sent "
    "levering hjem henting butikk nett bestill ring oss velkommen familie barn voksne sommer vinter jul "
    "påske kvalitet håndlaget økologisk norsk dansk svensk stor liten ny brukt ekstra gratis"
).split()


def _rows(region_ids: list[str], categories: list[str], today: Any) -> list[dict[str, Any]]:
    from handlers.offer_store import DELIVERY
    from knowledge.normalise import fold, words
    from storage.models import utcnow

    rng = random.Random(11)
    now = utcnow()
    rows = []
    for i in range(OFFERS):
        business = i % BUSINESSES
        product = rng.choice(PRODUCTS)
        title = f"{product.capitalize()} {rng.choice(WORDS)} {rng.choice(WORDS)}"
        description = " ".join(rng.choice(WORDS + PRODUCTS) for _ in range(25))
        name = f"Bedrift {business} AS"
        delivery = sorted(rng.sample(DELIVERY, rng.randint(1, 3)), key=DELIVERY.index)
        text = " ".join(dict.fromkeys(fold(w) for w in words(f"{title} {description} {name}") if len(w) > 1))
        rows.append({
            "user_id": None, "business_name": name, "org_country": "no", "org_number": f"9{business:08d}",
            "region": region_ids[business % REGIONS], "title": title, "description": description,
            "category": categories[i % len(categories)], "delivery": delivery, "delivers_home": "home" in delivery,
            "price": "fra 99 kr", "valid_until": today + timedelta(days=rng.randint(0, 60)), "image_url": None,
            "photo_file_id": None, "contact": "Tlf 33 03 11 00", "words": text, "status": "approved",
            "reason": None, "language": "nb", "created_at": now, "updated_at": now,
            "approved_at": now - timedelta(minutes=OFFERS - i), "decided_by": None, "warned_for": None,
        })  # fmt: skip
    return rows


async def _measure(database_url: str) -> dict[str, list[float]]:
    from bot.services import build_services
    from bot.settings import load_settings
    from handlers.offer_buttons import OfferBrowse
    from handlers.offer_store import categories, local_today
    from handlers.types import Incoming
    from storage.models import Offer, User

    services = await build_services(load_settings(database_url=database_url))
    try:
        kb = services.knowledge.kb
        region_ids = [r.id for r in kb.regions][:REGIONS]
        cats = [c.id for c in categories(kb)]
        rows = _rows(region_ids, cats, local_today(services.assistant.config))
        async with services.database.uow() as uow:
            for start in range(0, len(rows), 1000):
                await uow.session.execute(insert(Offer), rows[start : start + 1000])
            for n in range(50):
                uow.session.add(User(channel="web", external_id=f"reader{n}", language="nb",
                                     region=region_ids[n % REGIONS], onboarded=True))  # fmt: skip
        if not services.database.is_sqlite:
            async with services.database.uow() as uow:
                from sqlalchemy import text

                await uow.session.execute(text("ANALYZE offers"))
        handle = services.assistant.handle
        kinds: dict[str, list[float]] = {
            k: [] for k in ("page", "more", "category", "home", "search", "search+home", "all regions")
        }
        cpu_started = time.process_time()
        rng = random.Random(5)
        for n in range(ROUNDS):
            user = f"reader{n % 50}"
            steps = [
                ("page", Incoming("web", user, text="/offers")),
                ("more", Incoming("web", user, action=OfferBrowse("more").pack())),
                ("category", Incoming("web", user, action=OfferBrowse("cat", cats[n % len(cats)]).pack())),
                ("home", Incoming("web", user, action=OfferBrowse("home").pack())),
                ("search", Incoming("web", user, text=f"/offers {rng.choice(PRODUCTS)}")),
                ("search+home", Incoming("web", user, action=OfferBrowse("home").pack())),
                ("all regions", Incoming("web", user, action=OfferBrowse("region", "*").pack())),
            ]
            for kind, msg in steps:
                started = time.perf_counter()
                replies = await handle(msg)
                kinds[kind].append((time.perf_counter() - started) * 1000)
                assert replies, kind
        kinds["cpu"] = [(time.process_time() - cpu_started) * 1000 / (ROUNDS * 7)]
        return kinds
    finally:
        await services.close()


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def run() -> list[dict[str, Any]]:
    results: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["SQLite"] = asyncio.run(_measure(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"))
    with scratch_postgres() as url:
        if url is not None:
            results["PostgreSQL"] = asyncio.run(_measure(url))
    rows: list[dict[str, Any]] = []
    for engine, kinds in results.items():
        bench = f"offers, a page of 5 among {OFFERS:,} in {REGIONS} regions, {engine}"
        cpu = kinds.pop("cpu")[0]
        everything = [v for values in kinds.values() for v in values]
        for kind, values in kinds.items():
            figures = f"{statistics.median(values):.1f} / {_p(values, 0.99):.1f}"
            rows.append(
                {"benchmark": bench, "metric": f"{kind}: p50 / p99 ms", "value": figures, "target": "p99 <= 20"}
            )
        rows.append({"benchmark": bench, "metric": "all kinds: p99 ms", "value": _p(everything, 0.99),
                     "target": "<= 20"})  # fmt: skip
        rows.append({"benchmark": bench, "metric": "CPU ms per browse (this process)", "value": cpu, "target": "-"})
    return rows


if __name__ == "__main__":
    from benchmarks.__main__ import print_table

    print_table(run())
