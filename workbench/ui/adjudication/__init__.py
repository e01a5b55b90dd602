"""The FCR's desk: adjudicating records."""
