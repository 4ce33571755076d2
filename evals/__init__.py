"""Accuracy is measured here: question sets with gold SQL or values, run through the pipeline."""
