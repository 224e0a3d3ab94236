"""`python -m kztimeline` is the `kztimeline` command."""

import sys

from .cli import main

sys.exit(main())
