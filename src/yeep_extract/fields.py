"""Output tables defined once: every column's name, type, nullability, meaning and checks.

The pandera models (``validate``), the pyarrow schemas (``write``) and the column tables of the docs
(``yeep-extract schema --markdown``) are all derived from the tables here, so they cannot drift apart.
``TABLES`` are the files of every report's folder; ``ALL_TABLES`` adds the linked series and the
registry files under ``schemas/`` (validated with the same pandera models when they are read).
The column labels people read in the workbook (``excel``), Turkish and English, stand beside each
field here too, so a renamed or added column cannot lose its label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .vocab import Role, Status

MEASURES = (Role.BASELINE.value, Role.TARGET.value, Role.ACTUAL.value)
UNITS = ("count", "percent")
#: Whose a remark is (``indicators.remark_scope``): the row's own cell, or one merged over rows.
REMARK_SCOPES = ("indicator", "activity", "rows", "unsure")
#: Languages of the column labels (``Field.label``).
LANGS = ("tr", "en")


@dataclass(frozen=True)
class Field:
    """One column of an output table."""

    name: str
    type: str  # string | int16 | float64 | list<string>
    description: str
    nullable: bool = False
    isin: tuple[str, ...] | None = None
    ge: float | None = None
    le: float | None = None
    pattern: str | None = None
    #: The column's label for people (workbook headers), in Turkish and in English; the name when empty.
    label_tr: str = ""
    label_en: str = ""

    @property
    def kind(self) -> str:
        """The type as the docs write it: ``int16, null`` for a nullable column."""
        return self.type + (", null" if self.nullable else "")

    @property
    def meaning(self) -> str:
        """The description, with the allowed values where there is a closed list."""
        return self.description + (f" (one of {', '.join(self.isin)})" if self.isin else "")

    def label(self, lang: str = "tr") -> str:
        """The column's label in ``lang`` (``tr`` or ``en``), else its contract name."""
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r} (one of {', '.join(LANGS)})")
        return (self.label_tr if lang == "tr" else self.label_en) or self.name


@dataclass(frozen=True)
class Table:
    """An output table: its file, its fields in order and the columns that identify a row."""

    name: str
    description: str
    fields: tuple[Field, ...]
    key: tuple[str, ...] = field(default_factory=tuple)
    #: Where the table lives when not ``<report_id>/<name>.parquet`` (a linked file, a registry CSV).
    file: str = ""

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]


_REPORT_ID = Field("report_id", "string", "stable slug of the report's file name, e.g. mersin-yeep-2024",
                   pattern=r"^[a-z0-9][a-z0-9-]*$", label_tr="Rapor", label_en="Report")
_ACTIVITY_CODE = Field("activity_code", "string", "activity code without trailing dot: 1.1.4, 8.1",
                       pattern=r"^\d{1,2}(\.\d{1,2}){1,2}$", label_tr="Faaliyet kodu", label_en="Activity code")
_SEQ = Field("indicator_seq", "int16", "1-based position of the indicator within its activity, as printed",
             ge=1, label_tr="Gösterge sırası", label_en="Indicator no.")
_PAGE = Field("source_page", "int16", "1-based page where the row or cell starts: of the PDF, or of a text input "
              "with page breaks (form feeds); else null", nullable=True, ge=1, label_tr="Sayfa", label_en="Page")
_LINES = (Field("source_line_start", "int32", "first line of a text input the row or cell was read from "
                "(1-based, counted over the whole file); null for PDF", nullable=True, ge=1,
                label_tr="İlk satır", label_en="First line"),
          Field("source_line_end", "int32", "last line of a text input the row or cell was read from; null for PDF",
                nullable=True, ge=1, label_tr="Son satır", label_en="Last line"))
_BOX = tuple(Field(n, "float64", f"{d} of the cell's box on its page, PDF points; null for text input",
                   nullable=True, label_tr=f"{tr} (pt)", label_en=f"{d.capitalize()} (pt)")
             for n, d, tr in (("x0", "left", "Sol"), ("top", "top", "Üst"), ("x1", "right", "Sağ"),
                              ("bottom", "bottom", "Alt")))
_UNIT = Field("unit", "string", "count or percent, from the indicator's values (or a % in its name)", isin=UNITS,
              label_tr="Ölçü birimi", label_en="Unit of measure")

INDICATORS = Table(
    "indicators", "one row per indicator row of the report",
    (
        _REPORT_ID,
        Field("report_year", "int16", "the year the report accounts for (2024 for '2024 YILI GERÇEKLEŞME "
              "RAPORU')", ge=2000, le=2100, label_tr="Rapor yılı", label_en="Report year"),
        Field("section_no", "int16", "section number, 1..8: the activity code's first level", ge=1, le=99,
              label_tr="Bölüm no",
              label_en="Section no."),
        Field("section_title", "string", "section title as printed, e.g. EĞİTİM VE FARKINDALIK; null where no "
              "heading of the section was read (its number is then the activity code's first level)",
              nullable=True, label_tr="Bölüm", label_en="Section"),
        Field("goal_code", "string", "goal code, e.g. 1.1; null where the section has no goals", nullable=True,
              pattern=r"^\d{1,2}\.\d{1,2}$", label_tr="Hedef kodu", label_en="Goal code"),
        Field("goal_title", "string", "goal text after 'Hedef:'", nullable=True, label_tr="Hedef",
              label_en="Goal"),
        _ACTIVITY_CODE,
        Field("activity_title", "string", "full activity text, wrapped lines joined, broken words repaired",
              label_tr="Faaliyet", label_en="Activity"),
        Field("responsible_units", "list<string>", "canonical names of the responsible units, printed order",
              label_tr="Sorumlu birimler", label_en="Responsible units"),
        Field("supporting_units", "list<string>", "canonical names of the supporting institutions",
              label_tr="Destekçi kuruluşlar", label_en="Supporting institutions"),
        Field("responsible_units_printed", "list<string>", "responsible units as printed, wrapped lines joined",
              label_tr="Sorumlu birimler (basıldığı gibi)", label_en="Responsible units (as printed)"),
        Field("supporting_units_printed", "list<string>", "supporting institutions as printed",
              label_tr="Destekçi kuruluşlar (basıldığı gibi)", label_en="Supporting institutions (as printed)"),
        _SEQ,
        Field("indicator_name", "string", "the indicator text as printed, lines joined", label_tr="Gösterge",
              label_en="Indicator"),
        Field("indicator_key", "string", "stable id of the indicator across years' reports",
              label_tr="Gösterge anahtarı", label_en="Indicator key"),
        _UNIT,
        _PAGE, *_LINES,
        Field("remark", "string", "the remark printed beside the row (an 'Açıklama', 'Not' or 'Değerlendirme' "
              "column), wrapped lines joined; a cell merged over several indicator rows is carried by each of "
              "them; null when the report has no remark column, or the cell is empty or a dash", nullable=True,
              label_tr="Açıklama", label_en="Remark"),
        Field("remark_scope", "string", "indicator: the row's own remark cell; activity: one cell merged over "
              "every indicator row of the activity; rows: merged over some of them; unsure: whether the cell is "
              "merged with the activity's next rows cannot be seen (a table without rules between rows, or a "
              "page break inside the activity: the next rows print no remark and carry none, or a cell opening "
              "the next page may be the rest of this one); null without a remark",
              nullable=True, isin=REMARK_SCOPES, label_tr="Açıklamanın kapsamı", label_en="Remark scope"),
        Field("remark_page", "int16", "1-based page where the remark cell starts; null without a remark "
              "(or for a text input without page breaks)", nullable=True, ge=1, label_tr="Açıklama sayfası",
              label_en="Remark page"),
        *(Field(f"remark_{f.name}", "float64", f"{f.description.split(' of ')[0]} of the remark cell's box on its "
                "first page, PDF points; null without a remark or for text input", nullable=True,
                label_tr=f"Açıklama {f.label_tr}", label_en=f"Remark {f.label_en.lower()}") for f in _BOX),
    ),
    key=("report_id", "activity_code", "indicator_seq"),
)

OBSERVATIONS = Table(
    "observations", "one row per value cell (long format); empty cells included",
    (
        _REPORT_ID, _ACTIVITY_CODE, _SEQ,
        Field("measure", "string", "baseline (Mevcut), target, or actual (Gerçekleşme)", isin=MEASURES,
              label_tr="Değer türü", label_en="Measure"),
        Field("year", "int16", "target or actual year; null for baseline", nullable=True, ge=2000, le=2100,
              label_tr="Yıl", label_en="Year"),
        Field("value", "float64", "the number; percentages in percentage points; null when no number",
              nullable=True, label_tr="Değer", label_en="Value"),
        Field("unit", "string", "the indicator's unit (its unit in indicators): count or percent", isin=UNITS,
              label_tr=_UNIT.label_tr, label_en=_UNIT.label_en),
        Field("raw", "string", "the cell text exactly as printed ('%8,2', '-', '', words)",
              label_tr="Basılı metin", label_en="Printed text"),
        Field("status", "string", "ok, empty (blank or '-'), text (words), suspect (reason in note)",
              isin=tuple(s.value for s in Status), label_tr="Değer durumu", label_en="Value status"),
        Field("note", "string", "why a value is suspect or how it was repaired", nullable=True, label_tr="Not",
              label_en="Note"),
        _PAGE, *_LINES, *_BOX,
    ),
    key=("report_id", "activity_code", "indicator_seq", "measure", "year"),
)

QUARANTINE = Table(
    "quarantine", "text from the report that could not be placed, with where it was and why",
    (
        _REPORT_ID,
        Field("source_page", "int16", "1-based page: of the PDF, or of a text input with page breaks; else null",
              nullable=True, ge=1, label_tr="Sayfa", label_en="Page"),
        Field("line_no", "int32", "line number in a text input (null for PDF)", nullable=True, ge=1,
              label_tr="Satır", label_en="Line"),
        Field("text", "string", "the text as printed", label_tr="Metin", label_en="Text"),
        *_BOX,
        Field("reason", "string", "why it could not be placed", label_tr="Neden", label_en="Reason"),
    ),
)

#: A column of the workbook only (``excel``): each indicator's achievement status by
#: ``achievement.achievement``, beside its rows; computed from the tables above, never stored.
ACHIEVEMENT_STATUS = Field("achievement", "string", "the indicator's achievement status in the report year: "
                           "its actual against its target (rule in achievement.py)", nullable=True,
                           label_tr="Başarı durumu", label_en="Achievement")

UNIT_STAGES = ("exact", "alias", "core", "folded", "fuzzy", "unmatched")
UNIT_TYPES = ("own_department", "own_unit", "district_municipality", "public_body", "university", "ngo",
              "international", "group", "other")
_INDICATOR_KEY = Field("indicator_key", "string", "stable id of the indicator across years' reports",
                       pattern=r"^ind-[0-9a-f]{10}(-\d+)?$")

UNIT_MATCHES = Table(
    "unit_matches", "one row per printed unit name and role: the organisation it landed on and why",
    (
        _REPORT_ID,
        Field("role", "string", "which list the name was printed in", isin=("responsible", "supporting")),
        Field("printed", "string", "the name as printed (one institution; see split_from)"),
        Field("canonical", "string", "the registry's canonical name; the printed name when unmatched"),
        Field("stage", "string", "the matching stage that decided (see README: unit registry)", isin=UNIT_STAGES),
        Field("score", "float64", "match score 0-100 (100 for exact, alias, core and folded); null when "
              "unmatched",
              nullable=True, ge=0, le=100),
        Field("runner_up", "string", "best other organisation (when unmatched: the nearest one)", nullable=True),
        Field("runner_up_score", "float64", "its score 0-100", nullable=True, ge=0, le=100),
        Field("split_from", "string", "the printed paragraph this name was split from, if it was split",
              nullable=True),
        Field("note", "string", "why a name stayed unmatched", nullable=True),
        Field("count", "int32", "how many times the name was printed in that role", ge=1),
    ),
    key=("report_id", "role", "printed", "split_from"),
)

SERIES = Table(
    "series", "one row per indicator_key, measure, year and source report, joined over reports",
    (
        _INDICATOR_KEY,
        Field("measure", "string", "baseline, target or actual", isin=MEASURES),
        Field("year", "int16", "target or actual year; null for baseline", nullable=True, ge=2000, le=2100),
        Field("value", "float64", "the number (percentages in percentage points); null when no number",
              nullable=True),
        Field("raw", "string", "the cell text exactly as printed"),
        Field("status", "string", "the cell's status in its report", isin=tuple(s.value for s in Status)),
        Field("unit", "string", "count or percent", isin=UNITS),
        _REPORT_ID,
        Field("report_year", "int16", "the year that report accounts for", ge=2000, le=2100),
        _ACTIVITY_CODE, _SEQ,
        Field("indicator_name", "string", "the indicator text as printed in that report"),
        Field("agreement", "string", "single: one report gives the cell; agree: several give the same value "
              "(the latest report's row is kept, the others in also_in); conflict: reports disagree, one row "
              "per report", isin=("single", "agree", "conflict")),
        Field("also_in", "list<string>", "other reports that print the same value for the cell"),
    ),
    key=("indicator_key", "measure", "year", "report_id"),
    file="series.parquet (yeep-extract link)",
)

UNITS_REGISTRY = Table(
    "units_registry", "the unit registry: one row per organisation",
    (
        Field("canonical_name", "string", "the name written into responsible_units / supporting_units"),
        Field("short_name", "string", "an abbreviation that names it alone (ASHİM, İŞKUR)", nullable=True),
        Field("type", "string", "kind of organisation", isin=UNIT_TYPES),
        Field("note", "string", "why it is kept as it is", nullable=True),
    ),
    key=("canonical_name",),
    file="schemas/units.csv (shared), schemas/units_<municipality>.csv (a municipality's own)",
)

UNIT_ALIASES = Table(
    "unit_aliases", "known variant names a human decided, one row per variant",
    (
        Field("alias", "string", "the variant as printed"),
        Field("canonical_name", "string", "the organisation (a canonical_name of the unit registry)"),
        Field("reason", "string", "why the variant names that organisation"),
    ),
    key=("alias",),
    file="schemas/unit_aliases.csv (shared), schemas/unit_aliases_<municipality>.csv",
)

UNIT_ABBREVIATIONS = Table(
    "unit_abbreviations", "abbreviations expanded before matching (whole words, dots and case ignored)",
    (
        Field("abbreviation", "string", "as printed, e.g. D.B."),
        Field("expansion", "string", "what it stands for, e.g. Dairesi Başkanlığı"),
        Field("note", "string", "where it is seen", nullable=True),
    ),
    key=("abbreviation",),
    file="schemas/unit_abbreviations.csv",
)

UNIT_WORDS = Table(
    "unit_words", "words of unit names that say what kind of organisation it is, or nothing at all",
    (
        Field("word", "string", "as printed (matched after folding), e.g. Daire"),
        Field("kind", "string", "type: an organisation-type word, kept out of the name's core and never "
              "matched across; filler: a word that tells no names apart (ve)", isin=("type", "filler")),
        Field("means", "string", "for a type word: the type word it stands for (Daire → Dairesi)",
              nullable=True),
        Field("note", "string", "where it is seen", nullable=True),
    ),
    key=("word",),
    file="schemas/unit_words.csv",
)

MUNICIPALITIES = Table(
    "municipalities", "municipality profiles: whose report it is decides which own units its names mean",
    (
        Field("key", "string", "slug given with run --municipality and recognised in file names",
              pattern=r"^[a-z0-9][a-z0-9-]*$"),
        Field("name", "string", "the municipality's name as its report titles print it"),
        Field("abbreviation", "string", "how its reports abbreviate its name before a unit (MBB)", nullable=True),
        Field("own_words", "string", "other words that, before a unit's name, mean its own units "
              "(';' between phrases)", nullable=True),
        Field("units", "string", "unit registry files under schemas/ it uses, layered (';' between)"),
        Field("aliases", "string", "unit alias files under schemas/ it uses (';' between)"),
        Field("fallback", "string", "yes for the one profile used when nothing names the municipality",
              isin=("yes", "no")),
        Field("note", "string", "where it comes from", nullable=True),
    ),
    key=("key",),
    file="schemas/municipalities.csv",
)

INDICATOR_REGISTRY = Table(
    "indicator_registry", "the indicator registry: one row per indicator_key ever assigned",
    (
        _INDICATOR_KEY,
        Field("activity_title", "string", "the activity text when the key was registered"),
        Field("indicator_name", "string", "the indicator text when the key was registered"),
        Field("first_report_id", "string", "the report the indicator was first registered from",
              pattern=r"^[a-z0-9][a-z0-9-]*$"),
        Field("first_activity_code", "string", "its activity code in that report (for people; never matched)"),
    ),
    key=("indicator_key",),
    file="schemas/indicators.csv",
)

#: The tables written into every report's folder (``<report_id>/<name>.parquet``).
TABLES: dict[str, Table] = {t.name: t for t in (INDICATORS, OBSERVATIONS, QUARANTINE, UNIT_MATCHES)}
#: Every table with a definition here: the report tables, the linked series and the registry files.
ALL_TABLES: dict[str, Table] = {**TABLES, **{t.name: t for t in (SERIES, UNITS_REGISTRY, UNIT_ALIASES,
                                                                 UNIT_ABBREVIATIONS, UNIT_WORDS, MUNICIPALITIES,
                                                                 INDICATOR_REGISTRY)}}


def markdown(table: Table) -> str:
    """The column table of one output table for the docs."""
    lines = [f"### {table.file or table.name + '.parquet'}: {table.description}", "", "| column | type | meaning |",
             "|---|---|---|"]
    for f in table.fields:
        lines.append(f"| {f.name} | {f.kind} | {f.meaning} |")
    if table.key:
        lines += ["", f"Unique key: ({', '.join(table.key)})."]
    return "\n".join(lines)


def as_dict(table: Table) -> dict[str, Any]:
    """A JSON-able description of a table (for manifests and exported schemas)."""
    return {"name": table.name, "description": table.description, "key": list(table.key),
            "fields": [f.__dict__ for f in table.fields]}
