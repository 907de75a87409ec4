"""Sources: reading files and hub datasets (readers), turning rows into records (adapters), and a
configured source read into records and quarantine (ingest)."""
