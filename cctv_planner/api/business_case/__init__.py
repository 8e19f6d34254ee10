"""Business-case API: published presets, evaluation of any scenario, saved scenarios."""
