"""Measuring order accuracy: scripted conversations (the corpus) run through the real agent."""

from agent.evaluation.corpus import (
    Conversation,
    ConversationFile,
    CorpusError,
    ExpectedLine,
    load_conversation_file,
)

__all__ = [
    "Conversation",
    "ConversationFile",
    "CorpusError",
    "ExpectedLine",
    "load_conversation_file",
]
