"""What a city takes away from a build: comments in the published copies, exports for Excel, Power BI and
Swing, open-data metadata and the offline HTML report. Everything here reads the published copies (the
report and the exports only the open one), never the build database."""
