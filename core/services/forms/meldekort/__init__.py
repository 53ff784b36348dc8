"""The meldekort: its rules, the card as data, periods and deadlines (pure), the card on the
form engine (engine) and who is due (due). May import the forms package; no Flask."""
