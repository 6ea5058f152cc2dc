"""Rule files: shipped defaults plus workspace overrides, validated with pydantic."""
