"""The trend across audit periods in the window: View › Trend… (a chart, the sentences, the table)."""
