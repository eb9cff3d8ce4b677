"""Route handlers, one module per area; each only parses, calls the store (admin routes also launch jobs),
and shapes the answer."""
