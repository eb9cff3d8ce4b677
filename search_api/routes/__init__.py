"""Route handlers, one module per area; each only parses, calls the store, and shapes the answer."""
