"""SAKIP evaluation: total = sum of component scores, predikat from the ``sakip`` scale."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from lkjip_xl.core import presets
from lkjip_xl.core.predikat import load_preset
from lkjip_xl.core.problems import teks_diketik
from lkjip_xl.core.rounding import Pembulatan, format_id, fraction_of, round_value
from lkjip_xl.core.values import normalise_label


@dataclass(frozen=True, slots=True)
class Komponen:
    """One weighted component of a SAKIP evaluation."""

    key: str
    label: str
    bobot: float


@dataclass(frozen=True, slots=True)
class AturanSakip:
    """A SAKIP evaluation rule set: its components and the scale of its total."""

    name: str
    version: str
    title: str
    skala: str
    komponen: tuple[Komponen, ...]
    # Folded key and label -> the first component bearing it: a workbook's Evaluasi table may
    # list thousands of components, and a scan per looked-up label made the check quadratic.
    _by_label: dict[str, Komponen] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, Komponen] = {}
        for k in self.komponen:
            index.setdefault(normalise_label(k.key), k)
            index.setdefault(normalise_label(k.label), k)
        object.__setattr__(self, "_by_label", index)

    def find(self, label: str) -> Komponen | None:
        return self._by_label.get(normalise_label(label))


def load_aturan(name: str = "lke-2015") -> AturanSakip:
    document = presets.load("sakip", name)
    return AturanSakip(
        name=name,
        version=document["version"],
        title=document["title"],
        skala=document["skala"],
        komponen=tuple(Komponen(**k) for k in document["komponen"]),
    )


def aturan_names() -> list[str]:
    return presets.names("sakip")


@dataclass(frozen=True, slots=True)
class HasilSakip:
    """The total of a SAKIP evaluation, its predikat and why either is missing."""

    total: float | None
    predikat: str | None
    masalah: tuple[str, ...] = ()


def evaluasi_sakip(
    komponen: dict[str, float | None],
    aturan: str | AturanSakip = "lke-2015",
    desimal: int = 2,
    pembulatan: Pembulatan | str = Pembulatan.HALF_UP,
) -> HasilSakip:
    """Total (rounded as shown) and predikat; problems listed in Indonesian, nothing guessed."""
    rules = aturan if isinstance(aturan, AturanSakip) else load_aturan(aturan)
    problems: list[str] = []
    scores: dict[str, float] = {}
    for label, value in komponen.items():
        part = rules.find(label)
        if part is None:
            problems.append(
                f"Komponen {teks_diketik(str(label))} tidak ada pada aturan {rules.name}."
            )
            continue
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        if value < 0 or value > part.bobot:
            problems.append(
                f"Nilai {part.label} {format_id(value)} di luar rentang 0 sampai bobot "
                f"{format_id(part.bobot)}."
            )
            continue
        scores[part.key] = float(value)
    missing = [k.label for k in rules.komponen if k.key not in scores]
    if missing:
        problems.append(f"Nilai komponen belum lengkap: {', '.join(missing)}.")
    if problems:
        return HasilSakip(None, None, tuple(problems))
    # The exact sum of the components' decimals, rounded once.
    total = round_value(sum(map(fraction_of, scores.values()), Fraction(0)), desimal, pembulatan)
    return HasilSakip(total, load_preset(rules.skala).classify_one(total))
