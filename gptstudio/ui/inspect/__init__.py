"""Look inside: the tab and its views (next token, attention, tokens, one step, embedding map)."""
