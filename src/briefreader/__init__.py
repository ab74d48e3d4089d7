"""briefreader: read a policy or news brief in the terminal, then study it."""

__version__ = "0.1.0"
