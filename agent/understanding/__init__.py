"""The order understanding: one customer utterance (with the conversation so far and the cart)
→ the tool calls a model would make. Dialogue acts (`acts`), menu entity linking (`entities`,
from the `lexicon` of any menu), references to cart lines (`references`), the meaning of an
answer to a yes/no question (`confirmation`) and the plan of calls (`planner`)."""

from agent.understanding.changes import ChangeDetector
from agent.understanding.confirmation import Answer, classify_answer
from agent.understanding.lexicon import MenuLexicon
from agent.understanding.planner import Decision, PastCall, Planner, ToolCall, Turn
from agent.understanding.references import CartView, LineView

__all__ = [
    "Answer",
    "CartView",
    "ChangeDetector",
    "Decision",
    "LineView",
    "MenuLexicon",
    "PastCall",
    "Planner",
    "ToolCall",
    "Turn",
    "classify_answer",
]
