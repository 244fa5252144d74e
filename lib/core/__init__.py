"""The core every layer uses: ``settings`` (every path and limit), ``texts`` (every word), ``fmt``
(numbers and dates the Vietnamese way), ``normalise`` (Unicode and yes/no words), ``periods``
(months as ``YYYY-MM``) and ``problems`` (the one problem type). It imports nothing else of ``lib``."""
