"""Archive-room care benchmark (库房管理) on the embedded store: what a room's flags add to a scan at the desk,
and the room-care report over a sensor's year.

    python -m bench.room_care [--readings 105120] [--samples 1000] [--home DIR]

One room holds a box; its log gets `--readings` readings (105,120: one every 5 minutes for a year, about 2 %
out of range) and 250 checks, written straight through the care log's table in one transaction. Then:
`resolve_code` of the box alone and with `with_room_care` (what /api/locate and `docarchive locate` do for
those who read the log), `room_status`, and `care_report` over the last 30 days and the whole year.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from contextlib import closing
from datetime import timedelta
from pathlib import Path

from bench.search import percentile, table
from docarchive.adapters.records.sqlite import connect
from docarchive.adapters.room_care.codec import entry_to_dict, moment
from docarchive.bootstrap import bootstrap
from docarchive.config import Settings
from docarchive.domain import room_care as rules
from docarchive.domain.ids import new_id
from docarchive.domain.principal import LOCAL_ARCHIVIST
from docarchive.services import room_care
from docarchive.services.paper import boxes, locations
from docarchive.services.paper.locate import resolve_code


def load(container, readings: int) -> str:
    kwargs = {"principal": LOCAL_ARCHIVIST, "clock": container.clock, "reason": "bench"}
    room = locations.add_location(container.records, path="A库房/01密集架/1列/1节/1层", **kwargs).created[0].code
    boxes.add_box(container.records, code="B-0001", location="A库房/01密集架/1列/1节/1层", **kwargs)
    now, rows = container.clock.now(), []
    for n in range(readings):
        at = now - timedelta(minutes=5 * n)
        hot = random.random() < 0.02
        reading = rules.Reading(new_id(), room, at, 26.0 if hot else 20.0 + random.random() * 3, 52.0, "sensor", "A1",
                                recorded_at=at)
        rows.append((reading.id, room, moment(at), json.dumps(entry_to_dict(reading), ensure_ascii=False)))
    with closing(connect(container.settings.database_path)) as conn:
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO room_readings VALUES (?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
    for kind in rules.CHECK_KINDS:
        for _ in range(50):
            room_care.record_check(container.room_care, LOCAL_ARCHIVIST, room=room, kind=kind, ok=True)
    return room


def timed(call, samples: int) -> list[float]:
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--readings", type=int, default=105_120)
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--home", type=Path)
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="bench-room-care-"))
    container = bootstrap(Settings(home=home, es_url=None, mongo_url=None))
    try:
        started = time.perf_counter()
        room = load(container, args.readings)
        print(f"loaded {args.readings:,} readings in {time.perf_counter() - started:.1f} s; "
              f"load average {os.getloadavg()[0]:.1f}\n")
        care, rule = container.room_care, container.archive_no_rule
        plain = lambda: resolve_code(container.records, "B-0001", rule, principal=LOCAL_ARCHIVIST)  # noqa: E731
        calls = {"locate a box": plain,
                 "locate a box + room flags": lambda: room_care.with_room_care(care, LOCAL_ARCHIVIST, plain()),
                 "room status (20 readings)": lambda: room_care.room_status(care, LOCAL_ARCHIVIST, room)}
        rows = [[name, f"{percentile(t, 50):.2f}", f"{percentile(t, 99):.2f}"]
                for name, t in ((name, timed(call, args.samples)) for name, call in calls.items())]
        year = care.clock.now() - timedelta(days=366)
        for name, since in (("report, last 30 days", None), ("report, a year", year)):
            t = timed(lambda: room_care.care_report(care, LOCAL_ARCHIVIST, since=since), 5)
            rows.append([name, f"{percentile(t, 50):.1f}", f"{max(t):.1f}"])
        table(["call", "p50 ms", "p99 ms (reports: max of 5)"], rows)
    finally:
        container.close()


if __name__ == "__main__":
    main()
