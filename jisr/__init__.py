"""jisr: Arabic/English medical LLM training data with a DuckDB catalog."""
__version__ = "0.1.0"
