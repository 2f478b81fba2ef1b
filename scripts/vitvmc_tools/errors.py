"""The one exception type for bad input: each tool catches it, prints `TOOL: error: MESSAGE` and exits
with its own code (2 for most)."""


class ToolInputError(Exception):
    """Input a tool cannot use; the message names the file or argument and what is wrong."""
