"""The name gazetteer: entries, the compiled index, importers."""
