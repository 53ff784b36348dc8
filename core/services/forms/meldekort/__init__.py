"""The meldekort: its rules, the card as data, periods and deadlines (pure), the inmate's
plan (plan), the periods an inmate sees (period_list), the card on the form engine
(engine), the record a confirmed card keeps (record) and who is due (due). May import the
forms package; no Flask."""
