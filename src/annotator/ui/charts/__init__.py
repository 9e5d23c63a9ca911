"""Charts: the timeline of tag frequency over document dates, and tag frequencies."""
