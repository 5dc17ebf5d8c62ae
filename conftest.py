"""Keep pytest (and nbval) away from build output and editor checkpoints."""

collect_ignore_glob = ["book/_build/*", "*/.ipynb_checkpoints/*", ".venv/*", "dist/*"]
