"""The ratio sweep: one mix per Arabic:English ratio, fine-tuned and scored (run), and which share is
best and how sure (fit)."""
