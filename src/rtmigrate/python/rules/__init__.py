"""One module per family of fixes. Every ``Rule`` subclass with a ``code``
registers itself; nothing outside this folder names a rule."""
