"""The FCR signs the findings off, and reopens a signed-off audit."""
