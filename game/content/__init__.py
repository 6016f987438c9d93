"""Content loading and validation: YAML under content/ into typed, immutable models."""

from game.content.loader import Content, ContentError, load_content

__all__ = ["Content", "ContentError", "load_content"]
