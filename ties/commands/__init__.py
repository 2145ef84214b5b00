"""Subcommands of ``ties`` beyond build and extract; each module has ``register(subparsers)``."""
