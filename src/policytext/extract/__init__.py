"""Extractors: pure functions from a Document, Corpus or string to DataFrames.

Submodules are imported on demand (``from policytext.extract.outline import outline``) so that
``import policytext`` stays light.
"""
