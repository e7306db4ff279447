"""Value forms shared by Statbel's publications."""

NIS_CODE = r"^\d{5}$"
STATBEL_DATE = r"^\d{2}/\d{2}/\d{4}$"
NON_NEGATIVE_INTEGER = r"^\d+$"
YEAR = r"^\d{4}$"
DECIMAL = r"^\d+(?:\.\d+)?$"
# 5-digit NIS code of the municipality the sector lay in when it was drawn, then 4 characters:
# usually a letter, 2 digits and a digit or '-' (44021A00-), also e.g. 11054A0AA or 2308810PQ, and
# <NIS>ZZZZ for residents whose sector is unknown.
SECTOR_CODE = r"^\d{5}[0-9A-Z-]{4}$"
# The number of statistical sectors of a city hardly changes between vintages, whatever the file's size, so
# their row count is judged against the previous delivery from this many rows on (not only from 1,000).
SECTOR_FILE_PLAUSIBLE_ROWS_FROM = 100
