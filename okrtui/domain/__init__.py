"""Pure domain: models and maths. Imports neither Textual nor TinyDB.

Submodules are imported directly (okrtui.domain.progress, ...) so that the
shell commands load only what they use.
"""
