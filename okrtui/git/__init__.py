"""A store in a git work tree: running git, set-up, the merge driver and its record merge,
readable diffs, commit messages and `okrtui sync`. Above the store: it uses the Store's public
methods and the store's file rule (store.files), and nothing in the store imports it.

A store from someone else is data: what runs is in the clone's own git config, written by
`okrtui git-setup` on that clone.
"""
