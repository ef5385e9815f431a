"""Speed hunks that landed inside someone else's commit (9bc9db8 committed catalog/base.py whole,
with the speed work in it). compare.py takes them out of the baseline by text replacement —
(file, optimized text, original text) — which survives nearby edits better than a patch."""

REVERTS = [
    ("collab_xl/catalog/base.py", "value = parse.to_value(t, empty)", "value = parse.to_value(t)"),
    ("collab_xl/catalog/base.py", "parse.parse_dates(raw[c.name], t, empty)", "parse.parse_dates(raw[c.name], t)"),
    ("collab_xl/catalog/base.py", "parse.parse_numbers(raw[c.name], t, empty)", "parse.parse_numbers(raw[c.name], t)"),
    ("collab_xl/catalog/base.py",
     """                # the look-alike table applied once per distinct value, not once per cell
                canon = v.map({x: c.lookalikes.get(x, x) for x in v.dropna().unique()}).astype("string")
                choices = set(c.choices) | set(self._extra_choices(c, ctx))
                allowed = canon.isin(choices)
                out[c.name] = canon.where(allowed)
                out[f"{c.name}__lookalike"] = (canon != v).fillna(False) & allowed
                out[f"{c.name}__bad"] = value.notna() & ~allowed.fillna(False)
""",
     """                canon = v.map(lambda x: c.lookalikes.get(x, x) if isinstance(x, str) else x).astype("string")
                choices = set(c.choices) | set(self._extra_choices(c, ctx))
                out[c.name] = canon.where(canon.isin(choices))
                out[f"{c.name}__lookalike"] = (canon != v).fillna(False) & canon.isin(choices)
                out[f"{c.name}__bad"] = value.notna() & ~canon.isin(choices).fillna(False)
"""),
]
