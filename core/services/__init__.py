"""Domain rules as plain functions. No Flask imports here."""
