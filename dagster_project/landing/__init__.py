"""Everything that happens to a delivered file before it reaches the warehouse: find, read, validate, load."""
