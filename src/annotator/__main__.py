"""``python -m annotator`` is the ``annotator`` command."""

import sys

from .cli import main

sys.exit(main())
