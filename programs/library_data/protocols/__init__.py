"""Shared protocol templates, one module per protocol, each with a ``PROTOCOL`` dict."""
