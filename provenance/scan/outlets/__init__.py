"""The outlet registry and the resolution of names as written to its entries.

``resolve`` holds the Registry and its matching cascade; ``registry`` loads the bundled
file and a user's ``outlets.local.json``; ``names`` gives a name's matching key and the
host it may be; ``spelling``, ``services`` and ``bodies`` place names in forms the
aliases do not list (another romanisation, a service named through its owner, a state
body named through its country).
"""
