"""The user's settings: config.toml (theme, keys, KPI pull commands) and the theme files.

Not the store: nothing here reads or writes okrs.json. Writes go through store.files,
the one atomic private writer."""
