"""The menu in spoken sentences (no markdown, no lists): what the menu tools say."""

from __future__ import annotations

import re

from agent.core.menu import Category, Menu, MenuItem
from agent.core.money import format_cents
from agent.core.phrasing import join_words, modifier_phrase, speakable
from agent.understanding.matching import normalize

MAX_SPOKEN_ITEMS = 10


def tag_words(tag: str) -> str:
    return tag.replace("_", " ")


def _or_list(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " or " + parts[-1]


def price_phrase(item: MenuItem, currency: str) -> str:
    if item.sizes:
        sizes = [
            f"{speakable(s.name).lower()} {format_cents(s.price_cents, currency)}"
            for s in item.sizes
        ]
        return join_words(sizes)
    return format_cents(item.base_price_cents, currency)


def price_from(item: MenuItem, currency: str) -> str:
    """ "at $9.49", or "from $6.99" for an item with sizes (never "at from")."""
    price = format_cents(item.base_price_cents, currency)
    return f"from {price}" if item.sizes else f"at {price}"


def find_category(menu: Menu, text: str) -> Category | None:
    said = normalize(text)
    if not said or said in ("all", "everything", "menu", "full menu"):
        return None
    for category in menu.categories:
        names = {normalize(category.name), normalize(category.id.replace("_", " "))}
        if said in names or any(said in n.split() or n in said for n in names):
            return category
    said_words = set(said.split())
    best = max(
        menu.categories,
        key=lambda c: len(said_words & set(normalize(c.name).split())),
    )
    return best if said_words & set(normalize(best.name).split()) else None


def menu_overview(menu: Menu) -> str:
    sections = join_words([c.name.lower() for c in menu.categories])
    picks = [speakable(c.items[0].name) for c in menu.categories[:3] if c.items[0].available]
    text = f"At {menu.restaurant.name} we have {sections}."
    if picks:
        text += f" Favourites include the {join_words(picks)}."
    return text + " Which section would you like to hear about?"


def category_text(category: Category, currency: str) -> str:
    available = [i for i in category.items if i.available]
    sold_out = [speakable(i.name) for i in category.items if not i.available]
    spoken = [
        f"the {speakable(i.name)} {price_from(i, currency)}" for i in available[:MAX_SPOKEN_ITEMS]
    ]
    text = f"For {speakable(category.name).lower()} we have {join_words(spoken)}."
    if len(available) > MAX_SPOKEN_ITEMS:
        text += f" And {len(available) - MAX_SPOKEN_ITEMS} more on the screen."
    if sold_out:
        verb = "is" if len(sold_out) == 1 else "are"
        text += f" Sorry, the {join_words(sold_out)} {verb} sold out today."
    return text


def item_details(item: MenuItem, currency: str) -> str:
    parts = [
        f"The {speakable(item.name)}: {speakable(item.description).rstrip('.')}."
        if item.description
        else f"The {speakable(item.name)}."
    ]
    parts.append(
        f"It's {price_phrase(item, currency)}."
        if not item.sizes
        else f"It comes in {price_phrase(item, currency)}."
    )
    if item.modifiers:
        options = [
            modifier_phrase(m.name)
            + (f" for {format_cents(m.price_cents, currency)}" if m.price_cents else "")
            for m in item.modifiers
        ]
        parts.append(f"You can have it {_or_list(options)}.")
    if item.dietary:
        parts.append(f"It's {join_words([tag_words(t) for t in item.dietary])}.")
    if item.allergens:
        parts.append(f"It contains {join_words([tag_words(a) for a in item.allergens])}.")
    if not item.available:
        parts.append("Sorry, it's sold out today.")
    return " ".join(parts)


def find_by_need(menu: Menu, need: str) -> tuple[str, list[MenuItem]]:
    """Items meeting a dietary need ("vegan") or free of an allergen ("no nuts", "dairy free")."""
    text = need.lower().replace("-", " ").replace("_", " ")
    available = [i for i in menu.items() if i.available]
    dietary = sorted(menu.dietary_tags(), key=len, reverse=True)
    allergens = sorted(menu.allergens() | {"nuts", "peanuts", "tree nuts"}, key=len, reverse=True)
    wanted_tags = [t for t in dietary if tag_words(t) in text]
    avoid = [
        a
        for a in allergens
        if re.search(rf"\b{re.escape(tag_words(a).rstrip('s'))}s?\b", text)
        and tag_words(a) not in [tag_words(t) for t in wanted_tags]
        and not any(tag_words(a) in tag_words(t) for t in wanted_tags)
    ]
    if not wanted_tags and not avoid:
        return need, []
    matches = [
        i
        for i in available
        if all(t in i.dietary for t in wanted_tags)
        and not any(a.rstrip("s") in (x.rstrip("s") for x in i.allergens) for a in avoid)
    ]
    label = join_words(
        [tag_words(t) for t in wanted_tags] + [f"{tag_words(a)} free" for a in avoid]
    )
    return label, matches


def need_text(menu: Menu, need: str) -> str:
    label, items = find_by_need(menu, need)
    if not items:
        return f"Sorry, I couldn't find anything {label} on our menu."
    names = [i.name for i in items[:MAX_SPOKEN_ITEMS]]
    more = f", and {len(items) - MAX_SPOKEN_ITEMS} more" if len(items) > MAX_SPOKEN_ITEMS else ""
    return (
        f"Our {label} options are the {join_words(names)}{more}. "
        "For a serious allergy, please check with our staff."
    )
