"""Shared exercises, one module per exercise group, each with an ``EXERCISES`` list."""
