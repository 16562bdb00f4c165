"""Synthesise claim sets for the benchmark: one full project folder per size.

`make_sets(out, size, seed)` writes two projects under `out`:

- `claims-<size>/`: a copy of the repo's `mkdocs.yml` (verbatim, but for `featured`,
  which names as many synthetic claims as the repo features of its own) and `docs/`,
  with `size` synthetic claim files at the same relative path as the repo's `claims_dir`;
- `plain-<size>/`: the baseline, a plugin-free MkDocs project with the same theme and
  markdown extensions, a small explicit nav and `size` pre-written 300-word pages.

Everything is derived from `random.Random(seed, size)`, so a set is byte-for-byte the
same on every machine. Run it alone to inspect a set:

    .venv/bin/python bench/synth.py --size 1000 --out build/bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import get_yaml_loader

REPO = Path(__file__).resolve().parent.parent

VERDICTS = ("confirmed by multiple outlets", "unverified", "disputed")
VERDICT_WEIGHTS = (0.4, 0.35, 0.25)

_FIRST = (
    "Ahmad Abdul Amrullah Bilal Zabihullah Hamid Rahman Fahim Mohammad Atta Ismail "
    "Salahuddin Faiz Lyse Nadia Farida Mariam Zarifa Sima Habiba Karim Omar Yusuf Tariq "
    "Javed Sadiq Wahid Nasir Latif Hekmat Sardar Qasim Jamila Roya Shabnam Laila Anne "
    "Michael Sarah David Elena Pierre"
).split()
_LAST = (
    "Massoud Saleh Mujahid Karimi Rahmani Dashty Noor Khan Rabbani Hameed Doucet Ahmadi "
    "Popal Wardak Zazai Hotak Durrani Barakzai Safi Stanekzai Kohistani Panjshiri Andarabi "
    "Nuristani Hazara Sadat Mohseni Haqqani Yousafzai Qaderi Sultani Amiri Jalali Naseri "
    "Walker Dubois Ivanova Fischer Rossi Novak"
).split()
_PLACES = (
    "Panjshir, Kabul, Bazarak, Rukha, Anaba, Dara, Shutul, Khenj, Paryan, Unaba, "
    "Andarab, Baghlan, Parwan, Kapisa, Charikar, Jabal Saraj, Salang, Badakhshan, Takhar, "
    "Kunduz, Balkh, Mazar-i-Sharif, Herat, Kandahar, Helmand, Nangarhar, Jalalabad, "
    "Khost, Paktia, Ghazni, Bamyan, Daikundi, Uruzgan, Zabul, Farah, Nimruz, Badghis, "
    "Faryab, Jowzjan, Sar-e Pol, Samangan, Laghman, Kunar, Nuristan, Logar, Wardak, "
    "Ghor, Paktika, Hindu Kush, Amu Darya, Termez, Dushanbe, Tashkent, Islamabad, "
    "Peshawar, Quetta, Doha, Mashhad, Tehran, New Delhi, Moscow, Washington, London, "
    "Brussels, Ankara, Beijing, Torkham, Spin Boldak, Islam Qala, Hairatan, Sher Khan Bandar, "
    "Khawak Pass, Anjuman Pass, Gulbahar, Bagram, Shomali Plain, Istalif, Mir Bacha Kot"
).split(", ")
_ORGANISATIONS = (
    "Taliban, National Resistance Front, al-Qaeda, Northern Alliance, Islamic State Khorasan, "
    "Haqqani network, Afghan National Army, Afghan Air Force, Inter-Services Intelligence, "
    "United Nations, UNAMA, UNHCR, European Union, NATO, Red Cross, Emergency hospital, "
    "World Food Programme, Human Rights Watch, Amnesty International, Jamiat-e Islami, "
    "Hezb-e Islami, Hezb-e Wahdat, Junbish-e Milli, Afghan Local Police, National Directorate of Security, "
    "Pakistani Army, Tajik Border Service, Uzbek Foreign Ministry, Iranian Foreign Ministry, "
    "US State Department, US Department of Defense, UK Foreign Office, Russian Foreign Ministry, "
    "Chinese Foreign Ministry, Indian External Affairs Ministry, Qatari Foreign Ministry, "
    "Shanghai Cooperation Organisation, Collective Security Treaty Organization, World Bank, "
    "International Monetary Fund, Afghan Red Crescent, Médecins Sans Frontières, "
    "Committee to Protect Journalists, Reporters Without Borders, Afghanistan Analysts Network, "
    "Kabul University, Panjshir Provincial Council, Andarab Resistance, Khost Protection Force, "
    "Ministry of Defence (Kabul)"
).split(", ")
_TAGS = (
    "casualties battlefield diplomacy negotiations ceasefire humanitarian refugees "
    "foreign-involvement pakistan india russia iran tajikistan uzbekistan usa history "
    "resistance-statements taliban-statements propaganda social-media video-claims "
    "territorial-control supply-lines airstrikes drones weapons equipment leadership "
    "whereabouts recognition economy sanctions aid blockade communications internet "
    "media-freedom journalists human-rights women-rights executions hostages prisoners "
    "evacuation airport border-crossings mountains winter numbers fighters geography ethnicity"
).split()
_OUTLET_A = (
    "Kabul Northern Daily Global Frontier Valley Asia Eastern Capital Mountain Independent "
    "Continental Evening Morning National Public Regional Central Free Open"
).split()
_OUTLET_B = (
    "Times Post Observer Herald News Wire Dispatch Tribune Monitor Chronicle Gazette "
    "Express Review Journal Report"
).split()
_WORDS = (
    "the resistance fighters valley province district forces government officials "
    "spokesman reported said claimed according to sources local residents commander "
    "village road pass checkpoint convoy attack defended captured retreated advance "
    "positions mountain river bridge supply lines weapons ammunition vehicles helicopter "
    "aircraft drone strike casualties wounded killed civilians families fled refugees "
    "border talks negotiations delegation ceasefire agreement statement video footage "
    "photographs social media accounts post message audio interview broadcast television "
    "newspaper correspondent report article headline quote account witness evidence "
    "independent confirmation contested denied disputed unverified confirmed several "
    "many few two three dozens hundreds thousands early late morning evening night week "
    "days later before after during while although however because therefore instead "
    "also only still again since until around near inside outside across through "
    "northern southern eastern western central main small large heavy light recent "
    "previous former current new old first last other same different clear unclear "
    "no independent outlet could verify the figure which neither side has documented "
    "the article relays the statement without comment and gives no further detail "
    "a later report repeats the claim in its own voice citing the same spokesman"
).split()


def _pool(rng: random.Random, a: list[str], b: list[str], n: int, sep: str = " ") -> list[str]:
    combos = [f"{x}{sep}{y}" for x in a for y in b]
    rng.shuffle(combos)
    return sorted(combos[:n])


def _sentence(rng: random.Random, lo: int, hi: int, *, cap: bool = True, end: str = ".") -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(lo, hi))]
    text = " ".join(words)
    return (text[0].upper() + text[1:] if cap else text) + end


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 .'()-]*[A-Za-z0-9.)]$")


def _scalar(value: str) -> str:
    """A YAML scalar written the way people write them: plain when safe, else quoted."""
    if _PLAIN.match(value) and value.lower() not in ("yes", "no", "true", "false", "null", "on", "off"):
        return value
    return json.dumps(value, ensure_ascii=False)


def _flow(values: list[str]) -> str:
    return "[" + ", ".join(_scalar(v) for v in values) + "]"


def _body(rng: random.Random, words: int, outlets: list[str], people: list[str]) -> str:
    """About `words` words of analysis in 3-4 paragraphs, with quotes and sometimes a list."""
    paragraphs: list[str] = []
    remaining = words
    count = rng.randint(3, 4)
    for index in range(count):
        target = remaining if index == count - 1 else remaining // (count - index)
        sentences: list[str] = []
        used = 0
        if index == 1 and rng.random() < 0.2:  # a short list, as analyses sometimes have
            items = []
            for outlet in outlets:
                item = f"- {outlet} says {_sentence(rng, 6, 10, cap=False)}"
                items.append(item)
                used += len(item.split()) - 1
            paragraphs.append("\n".join(items))
            remaining -= used
            continue
        while used < target:
            n = min(rng.randint(8, 22), max(target - used, 4))
            if rng.random() < 0.25:
                who = rng.choice(outlets + people)
                text = f"{who} says \"{_sentence(rng, max(n - 4, 3), max(n - 2, 3), cap=False, end='')}\"."
            elif rng.random() < 0.1:
                text = f"The figure is *{_sentence(rng, 2, 4, cap=False, end='')}*, {_sentence(rng, n - 4, n, cap=False)}"
            else:
                text = _sentence(rng, n, n)
            sentences.append(text)
            used += len(text.split())
        paragraphs.append(" ".join(sentences))
        remaining -= used
    return "\n\n".join(paragraphs) + "\n"


def synth_claims(size: int, seed: int) -> list[tuple[str, str, str]]:
    """`size` claims as (id, claim file text, baseline page text)."""
    rng = random.Random(seed * 1_000_003 + size)
    people = _pool(rng, _FIRST, _LAST, 300)
    outlets = _pool(rng, _OUTLET_A, _OUTLET_B, 150)
    places, organisations, tags = list(_PLACES), list(_ORGANISATIONS), list(_TAGS)
    start = dt.date(2021, 1, 1)
    ids = []
    titles = []
    for i in range(size):
        title = _sentence(rng, 6, 12, end="")
        titles.append(title)
        ids.append(f"{_slug(' '.join(title.split()[:5]))}-{i + 1:05d}")
    result = []
    for i, claim_id in enumerate(ids):
        claim_date = start + dt.timedelta(days=rng.randrange(365))
        verdict = rng.choices(VERDICTS, VERDICT_WEIGHTS)[0]
        claim_people = rng.sample(people, 3)
        chosen = rng.sample(outlets, 6)
        src_outlets, others = chosen[:3], chosen[3:]
        if verdict == VERDICTS[0]:
            stances = ["supports", "supports", rng.choice(["supports", "reports"])]
        elif verdict == "disputed":
            stances = ["reports", "disputes", rng.choice(["supports", "reports", "disputes"])]
        else:
            stances = ["reports", rng.choice(["supports", "reports"]), "reports"]
        lines = [
            "---",
            f"title: {_scalar(titles[i])}",
            f"claim: {_scalar(_sentence(rng, 12, 28))}",
            f"claimant: {_scalar(rng.choice([claim_people[0], src_outlets[0]]))}",
            f"claim_date: {claim_date.isoformat()}",
            f"verdict: {verdict}",
            f"summary: {_scalar(_sentence(rng, 18, 32))}",
            "sources:",
        ]
        for k in range(3):
            when = claim_date + dt.timedelta(days=rng.randrange(0, 12))
            date = when.isoformat() if rng.random() < 0.7 else when.isoformat()[:7]
            lines += [
                f"  - outlet: {_scalar(src_outlets[k])}",
                f"    title: {_scalar(_sentence(rng, 7, 14, end=''))}",
                f"    date: {date}",
                f"    quote: {_scalar(_sentence(rng, 8, 18, cap=False, end=''))}",
                f"    stance: {stances[k]}",
            ]
            # A relay never touches the two supporting sources of a confirmed claim,
            # so the independence rule always holds.
            if (k == 2 or verdict != VERDICTS[0]) and rng.random() < 0.3:
                lines.append(f"    via: {_scalar(others[k])}")
        related = rng.sample(range(size - 1), min(rng.randint(1, 3), size - 1))
        related_ids = [ids[r if r < i else r + 1] for r in related]
        published = claim_date + dt.timedelta(days=rng.randrange(1, 30))
        lines += [
            f"people: {_flow(claim_people)}",
            f"places: {_flow(rng.sample(places, rng.randint(1, 3)))}",
            f"organisations: {_flow(rng.sample(organisations, rng.randint(1, 3)))}",
            f"tags: {_flow(rng.sample(tags, rng.randint(1, 3)))}",
            f"related: {_flow(related_ids)}",
            f"published: {published.isoformat()}",
            "updated:",
            f"  - date: {published.isoformat()}",
            "    note: First published.",
            "---",
        ]
        body = _body(rng, 300, src_outlets, claim_people)
        claim_text = "\n".join(lines) + "\n" + body
        page_text = f"# {titles[i]}\n\n{body}"
        result.append((claim_id, claim_text, page_text))
    return result


class _AnyTagLoader(yaml.SafeLoader):
    """Reads any mkdocs.yml, `!ENV` and `!!python/name:` tags included, as plain data."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_AnyTagLoader.add_multi_constructor("!", _any_tag)
_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def repo_config(config_file: Path = REPO / "mkdocs.yml") -> dict[str, Any]:
    # MkDocs' own `!ENV` on top, so the site's identity resolves as `mkdocs build` reads it.
    loader = get_yaml_loader(_AnyTagLoader)
    return yaml.load(config_file.read_text(encoding="utf-8"), Loader=loader) or {}


def factcheck_options(config: dict[str, Any]) -> dict[str, Any]:
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "factcheck" in plugin:
            return plugin["factcheck"] or {}
        if plugin == "factcheck":
            return {}
    return {}


def _relative_dirs(config: dict[str, Any]) -> list[str]:
    """Folders besides docs/ that the repo's mkdocs.yml refers to (overrides, hooks...)."""
    found = []
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        found.append(str(theme["custom_dir"]))
    found += [str(h) for h in config.get("hooks") or []]
    templates = factcheck_options(config).get("templates_dir")
    if templates:
        found.append(str(templates))
    return found


def _fresh(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def write_claims_project(project: Path, claims: list[tuple[str, str, str]]) -> Path:
    """The factcheck project: the repo's mkdocs.yml, docs/, and the claims."""
    config = repo_config()
    _fresh(project)
    featuring = _featuring((REPO / "mkdocs.yml").read_text(encoding="utf-8"), [c[0] for c in claims])
    (project / "mkdocs.yml").write_text(featuring, encoding="utf-8")
    docs_dir = str(config.get("docs_dir") or "docs")
    shutil.copytree(REPO / docs_dir, project / docs_dir)
    for rel in _relative_dirs(config):
        source = REPO / rel
        if source.is_dir():
            shutil.copytree(source, project / rel)
        elif source.is_file():
            (project / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, project / rel)
    claims_dir = project / str(factcheck_options(config).get("claims_dir") or "content/claims")
    claims_dir.mkdir(parents=True)
    for claim_id, text, _ in claims:
        (claims_dir / f"{claim_id}.md").write_text(text, encoding="utf-8")
    return project / "mkdocs.yml"


_FEATURED = re.compile(r"^(?P<lead>[ \t]*featured:[ \t]*)\[(?P<ids>[^\]\n]*)\]", re.MULTILINE)


def _featuring(config_text: str, claim_ids: list[str]) -> str:
    """The config with its `featured: [...]` ids replaced by synthetic ones. The repo's
    own claims are not in a synthetic set: left as they are, every run would measure
    the home page without its cards, and `check` searching 10,000 ids for the nearest
    to each missing one (a mistyped id's warning), which no desk's site does."""

    def synthetic(match: re.Match[str]) -> str:
        count = len([i for i in match["ids"].split(",") if i.strip()])
        return f"{match['lead']}[{', '.join(claim_ids[:count])}]"

    return _FEATURED.sub(synthetic, config_text, count=1)


def write_plain_project(project: Path, claims: list[tuple[str, str, str]]) -> Path:
    """The baseline: same theme and extensions, search only, a small explicit nav."""
    config = repo_config()
    _fresh(project)
    plain: dict[str, Any] = {
        key: config[key]
        for key in ("site_name", "site_description", "site_url", "theme", "markdown_extensions")
        if key in config
    }
    plain.update(
        docs_dir="docs",
        plugins=["search"],
        nav=[{"Home": "index.md"}, {"About": "about.md"}],
        not_in_nav="/pages/\n",
    )
    theme = plain.get("theme")
    if isinstance(theme, dict):
        theme.pop("custom_dir", None)
    (project / "mkdocs.yml").write_text(
        yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    pages = project / "docs" / "pages"
    pages.mkdir(parents=True)
    links = "\n".join(f"- [{t.splitlines()[0][2:]}](pages/{i}.md)" for i, t, _ in [
        (cid, page, None) for cid, _, page in claims[:10]
    ])
    (project / "docs" / "index.md").write_text(
        f"# Baseline\n\n{len(claims)} pre-written pages. The first ten:\n\n{links}\n",
        encoding="utf-8",
    )
    (project / "docs" / "about.md").write_text(
        "# About\n\nA plain MkDocs site, the baseline of the factcheck benchmark.\n",
        encoding="utf-8",
    )
    for claim_id, _, page in claims:
        (pages / f"{claim_id}.md").write_text(page, encoding="utf-8")
    return project / "mkdocs.yml"


def make_sets(out: Path, size: int, seed: int) -> tuple[Path, Path]:
    """Both projects for `size`; returns their mkdocs.yml paths (factcheck, baseline)."""
    claims = synth_claims(size, seed)
    return (
        write_claims_project(out / f"claims-{size}", claims),
        write_plain_project(out / f"plain-{size}", claims),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20210905)
    parser.add_argument("--out", type=Path, default=REPO / "build" / "bench")
    args = parser.parse_args()
    factcheck, plain = make_sets(args.out, args.size, args.seed)
    print(f"wrote {factcheck} and {plain}")


if __name__ == "__main__":
    main()
