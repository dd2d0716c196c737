"""The Textual interface. Nothing outside okrtui.ui imports this package except `okrtui` opening the TUI."""
