"""The workspace: settings file, folder layout, discovery (like git finds .git)."""
