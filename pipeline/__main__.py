"""`python -m pipeline extract RAW --out PARSED`."""

import sys

from pipeline.cli import main

sys.exit(main())
