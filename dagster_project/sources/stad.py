"""The city's own applications, as its open data portal (Opendatasoft) publishes them: service requests
(meldingen), one extract per day. The reader pseudonymises the reporter before validation, so these
expectations already see a pseudonym and never a name, e-mail address or phone number."""

import re

import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation

from dagster_project.landing.opendatasoft import (
    MELDINGEN_COLUMNS,
    meldingen_timestamp_findings,
    read_opendatasoft_meldingen,
)
from dagster_project.sources.base import LandingSource, LoadMode

# ISO 8601 with the Europe/Brussels offset, as the portal writes datetimes: 2025-03-10T08:15:00+01:00.
LOCAL_TIMESTAMP = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:00$"
SECTOR_CODE = r"^\d{5}[A-Z][0-9A-Z]{2}[0-9A-Z-]$"  # Statbel statistical sector, e.g. 44021A00-


def _meldingen_values() -> list[Expectation]:
    required = ["melding_id", "categorie", "status", "kanaal", "aangemaakt_op", "gewijzigd_op", "statistische_sector"]
    return [
        *(gxe.ExpectColumnValuesToNotBeNull(column=column) for column in required),
        gxe.ExpectColumnValuesToBeUnique(column="melding_id"),  # one record per request in a day's extract
        gxe.ExpectColumnValuesToBeInSet(column="status", value_set=["Nieuw", "In behandeling", "Afgesloten"]),
        gxe.ExpectColumnValuesToBeInSet(column="kanaal", value_set=["App", "Website", "Telefoon", "E-mail", "Balie"]),
        gxe.ExpectColumnValuesToMatchRegex(column="aangemaakt_op", regex=LOCAL_TIMESTAMP),
        gxe.ExpectColumnValuesToMatchRegex(column="gewijzigd_op", regex=LOCAL_TIMESTAMP),
        gxe.ExpectColumnValuesToMatchRegex(column="afgesloten_op", regex=LOCAL_TIMESTAMP),
        gxe.ExpectColumnValuesToMatchRegex(column="statistische_sector", regex=SECTOR_CODE),
        gxe.ExpectColumnValuesToMatchRegex(column="postcode", regex=r"^\d{4}$"),
        # The reader leaves nothing but a keyed hash of the reporter: 64 hexadecimal characters.
        gxe.ExpectColumnValuesToMatchRegex(column="melder_pseudoniem", regex=r"^[0-9a-f]{64}$"),
    ]


MELDINGEN = LandingSource(
    name="meldingen",
    description="Service requests (meldingen) from the city's open data portal (Opendatasoft): one extract per "
    "day of the requests created or changed that day, as the portal's CSV export or the records API's JSON "
    "response. The reporter is pseudonymised by the reader (HMAC-SHA256, key OBMI_PSEUDONYMISATION_KEY).",
    file_pattern=re.compile(r"meldingen_(?P<period>\d{4}-\d{2}-\d{2})\.(?:csv|json)", re.IGNORECASE),
    columns=MELDINGEN_COLUMNS,
    delimiter=";",
    load_mode=LoadMode.PER_FILE,
    publisher_url="https://data.stad.gent/explore/",
    value_suite=_meldingen_values,
    reader=read_opendatasoft_meldingen,
    frame_checks=meldingen_timestamp_findings,
)
