"""Bundled rule packs and gazetteer data (YAML), shipped inside the wheel as mtcheck.rules."""
