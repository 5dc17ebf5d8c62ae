"""``python -m afghan_course.cli``: the same as the ``afghan-course`` command."""

from . import main

raise SystemExit(main())
