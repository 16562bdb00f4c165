"""One timed measurement in a fresh interpreter, so no run warms the next one's caches.

    python bench/child.py generate PROJECT/mkdocs.yml   # (a) load + validate + generate
    python bench/child.py parse CLAIMS_DIR              # its reference: libyaml parse only

Prints one JSON line: the seconds of the timed part only (imports and settings are
outside it) and what was produced.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def generate(config_file: Path) -> dict[str, object]:
    from generator.cli import load_settings
    from generator.pipeline import generate as generate_pages
    from generator.problems import ClaimsInvalid

    settings = load_settings(config_file)
    cpu = _cpu()
    start = time.perf_counter()
    try:
        pages = generate_pages(settings)
    except ClaimsInvalid as invalid:
        for problem in invalid.problems[:20]:
            print(problem, file=sys.stderr)
        sys.exit(f"{len(invalid.problems)} problems in the synthetic claims")
    seconds = time.perf_counter() - start
    cpu = _cpu() - cpu
    markdown = sum(str(getattr(p, "path", "")).endswith(".md") for p in pages)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "pages": markdown,
        "other_files": len(pages) - markdown,
        "output_bytes": _bytes(pages),
    }


def _cpu() -> float:
    """CPU seconds of this process and of the worker processes it has reaped (a process
    pool's work counts too, so CPU time can exceed wall time when it uses every core)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _bytes(pages: list[object]) -> int:
    """Bytes of everything generated (pages hold `content`, or `markdown` in older code)."""
    total = 0
    for page in pages:
        content = getattr(page, "content", None)
        if content is None:
            content = getattr(page, "markdown", "")
        total += len(content.encode("utf-8") if isinstance(content, str) else content)
    return total


def parse(claims_dir: Path) -> dict[str, object]:
    import yaml

    loader = yaml.CSafeLoader
    cpu = time.process_time()
    start = time.perf_counter()
    count = 0
    for path in sorted(claims_dir.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        # The front-matter sits between the first line '---' and the next one.
        end = text.index("\n---\n", 3)
        data = yaml.load(text[4 : end + 1], Loader=loader)
        count += isinstance(data, dict)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu_seconds": time.process_time() - cpu, "files": count}


def main() -> None:
    kind, target = sys.argv[1], Path(sys.argv[2])
    result = generate(target) if kind == "generate" else parse(target)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
