"""Test helpers shared by the unit, client and end-to-end tests."""
