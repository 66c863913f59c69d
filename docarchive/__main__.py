import sys

from docarchive.cli.main import main

sys.exit(main())
