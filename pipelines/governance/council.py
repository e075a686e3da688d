"""``governance.yaml``: what only the council knows, for the transparency record.

Every key is optional; a key left out or empty is marked "to complete" in the record, never
invented. The commented example is ``docs/governance.example.yaml``. Default location:
``<workdir>/governance.yaml``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

TO_COMPLETE = "to complete"
COUNCIL_FIELDS: dict[str, str] = {
    "organisation": "the council's full name",
    "team": "the team responsible for the tool",
    "senior_responsible_owner": "the senior responsible owner's role title",
    "contact_email": "a contact e-mail address for questions about the tool",
    "website": "a page with more information for residents",
    "phase": "pre-deployment, beta, production or retired",
    "geographic_region": "the area the council serves",
    "suppliers": "external suppliers: a list of {name, companies_house_number, role}",
    "procurement": "the procurement procedure type",
    "supplier_data_access": "the terms of any supplier's access to the data",
    "benefits": "the benefits the council expects, and how it will measure them",
    "alternatives_considered": "the alternatives considered, and why this tool",
    "staff_training": "the training staff who use the outputs receive",
    "appeals_and_review": "how a resident can question or challenge the outputs",
    "dpia_reference": "the reference and date of the data protection impact assessment",
    "lawful_basis": "the lawful basis for processing (UK GDPR Article 6, and 9 if relevant)",
    "other_impact_assessments": "equality or other impact assessments and their references",
    "data_sharing": "data sharing agreements covering the sources",
}


class GovernanceConfigError(ValueError):
    """governance.yaml is missing (when named), not YAML, or has unknown or malformed keys."""


def load_council_fields(path: Path | None, default: Path) -> tuple[dict[str, Any], str]:
    """(the council's answers, a note saying where they came from).

    ``path`` given and missing, unreadable YAML, not a mapping, unknown keys, or a value of the
    wrong shape: :class:`GovernanceConfigError` naming the file and the key.
    """
    chosen = path or default
    if not chosen.is_file():
        if path is not None:
            raise GovernanceConfigError(
                f"{chosen}: no such file; copy docs/governance.example.yaml there and fill it in"
            )
        note = (
            f"no governance.yaml at {chosen}: every council field is marked '{TO_COMPLETE}' "
            "(copy docs/governance.example.yaml there to fill them in)"
        )
        return {}, note
    try:
        data = yaml.safe_load(chosen.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise GovernanceConfigError(f"{chosen}: not valid YAML ({exc})") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise GovernanceConfigError(
            f"{chosen}: expected a mapping of field: value at the top level, found "
            f"{type(data).__name__}"
        )
    unknown = sorted(str(k) for k in data if k not in COUNCIL_FIELDS)
    if unknown:
        raise GovernanceConfigError(
            f"{chosen}: unknown key(s) {', '.join(unknown)}; expected some of "
            f"{', '.join(COUNCIL_FIELDS)}"
        )
    for key, value in data.items():
        if key == "suppliers":
            _check_suppliers(chosen, value)
        elif value is not None and not isinstance(value, str | int | float):
            raise GovernanceConfigError(
                f"{chosen}: {key} must be text ({COUNCIL_FIELDS[key]}), "
                f"found {type(value).__name__}"
            )
    answers = {k: v for k, v in data.items() if v not in (None, "", [])}
    return answers, f"council fields from {chosen}"


def _check_suppliers(path: Path, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, list) or not all(isinstance(s, dict) for s in value):
        raise GovernanceConfigError(
            f"{path}: suppliers must be a list of mappings with name, companies_house_number "
            "and role (or left empty)"
        )
    for number, supplier in enumerate(value, start=1):
        extra = sorted(set(supplier) - {"name", "companies_house_number", "role"})
        if extra or not supplier.get("name"):
            unknown = f" (unknown: {', '.join(extra)})" if extra else ""
            raise GovernanceConfigError(
                f"{path}: suppliers item {number} needs a name and may have only "
                f"companies_house_number and role{unknown}"
            )


def council_value(answers: dict[str, Any], key: str) -> str:
    """The council's answer as text, or "to complete"."""
    value = answers.get(key)
    if value is None:
        return TO_COMPLETE
    if key == "suppliers":
        return "; ".join(
            " / ".join(str(s[k]) for k in ("name", "companies_house_number", "role") if s.get(k))
            for s in value
        )
    return str(value)
