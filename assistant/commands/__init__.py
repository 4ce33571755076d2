"""Sub-commands of `ndl` beyond the core ones: each module defines
`register(sub) -> dict[str, handler]`, adding its parser(s) to `sub`."""
