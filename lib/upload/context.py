"""What every rule of one check may need: the catalogue, the chosen month, the file's header, the
reporting units and what was found so far."""
from __future__ import annotations

from dataclasses import dataclass, field

from lib.core import texts
from lib.readers.catalogue import Catalogue
from lib.upload.columns import Table
from lib.upload.problems import Findings
from lib.upload.stored import ChosenMonth
from lib.upload.units import ReportingUnits


@dataclass
class Context:
    catalogue: Catalogue
    month: ChosenMonth
    units: ReportingUnits
    found: Findings = field(default_factory=Findings)
    table: Table = field(default_factory=Table)
    year_to_date: dict = field(default_factory=dict)   # (indicator, unit) → total after this month

    def unit_text(self, unit: str) -> str:
        """“ (Tổ dân phố số 1)” for a group's row, "" for the ward's."""
        return texts.UPLOAD_CUMULATIVE_UNIT.format(unit=self.units.name(unit)) if unit else ""
