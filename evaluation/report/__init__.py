"""`jisr report` and `jisr eval report`: the document, its sections, charts and output formats."""
