"""One module per CLI sub-command: ``add_parser(subparsers)`` and ``run(args, out)``."""
