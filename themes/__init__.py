"""okrtui's themes: TOML files with the fields of textual.theme.Theme. Installed as okrtui.themes."""
