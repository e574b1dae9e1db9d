"""Countries with their other names, nationality words (demonyms) and the places that
stand for their governments in news (Washington, the Kremlin, Downing Street).
The table is data: rules/gazetteer/countries.yaml."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..diskcache import cached_build
from .index import fold_name
from .model import Entry


@dataclass
class Country:
    name: str
    code: str
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    capital: str = ""
    metonyms: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class Countries:
    def __init__(self, rows: list[Country]):
        self.rows = rows
        self._by_name: dict[str, Country] = {}
        self._by_demonym: dict[str, Country] = {}
        self._by_metonym: dict[str, Country] = {}
        for c in rows:
            for n in c.names:
                self._by_name.setdefault(fold_name(n), c)
            for d in c.demonyms:
                self._by_demonym.setdefault(fold_name(d), c)
            for m in c.metonyms + ([c.capital] if c.capital else []):
                self._by_metonym.setdefault(fold_name(m.removeprefix("the ")), c)

    def get(self, name: str) -> Country | None:
        return self._by_name.get(fold_name(name))

    def by_demonym(self, word: str) -> Country | None:
        return self._by_demonym.get(fold_name(word))

    def by_metonym(self, text: str) -> Country | None:
        return self._by_metonym.get(fold_name(text.removeprefix("the ").removeprefix("The ")))

    def resolve(self, text: str) -> Country | None:
        """A country named by its name, demonym or metonym ("the" before it is fine)."""
        bare = text[4:] if text[:4].lower() == "the " else text
        return self.get(bare) or self.by_demonym(bare) or self.by_metonym(text)

    def entries(self) -> list[Entry]:
        """Countries as gazetteer place entries, so their names count as known."""
        return [Entry(name=c.name, type="place", role="country", country=c.name,
                      aliases=[a for a in c.aliases if a != c.name]) for c in self.rows]


def countries_file() -> Path:
    return Path(str(resources.files("mtcheck.rules"))) / "gazetteer" / "countries.yaml"


@lru_cache(maxsize=1)
def countries() -> Countries:
    path = countries_file()
    if not path.is_file():
        return Countries([])
    text = path.read_text(encoding="utf-8")

    def parse() -> list:
        import yaml

        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or []

    # parsed once per version of the file: YAML parsing was 15-45 ms of every start
    data = cached_build("countries1", text, parse, lambda value: isinstance(value, list))
    rows = [Country(name=r["country"], code=str(r.get("code", "")), aliases=list(r.get("aliases") or []),
                    demonyms=list(r.get("demonyms") or []), capital=r.get("capital") or "",
                    metonyms=list(r.get("metonyms") or [])) for r in data]
    return Countries(rows)
