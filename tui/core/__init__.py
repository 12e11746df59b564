"""The core: models, API client, cache, store and citations. Never imports Textual."""
