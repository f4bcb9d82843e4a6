"""The channel-agnostic core: use cases that take an `Incoming` message and return `Reply` objects.

Nothing in this package imports a chat network's library or a web framework; adapters in `bot/`
translate to and from these types.
"""
