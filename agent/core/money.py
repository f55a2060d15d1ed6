"""Money as integer cents: parsing menu prices, tax, and text for screens and speech."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pycountry

CENTS = Decimal(100)
MAX_AMOUNT = Decimal(10) ** 9


def parse_cents(value: object) -> int:
    """`"8.99"`, `8.99` or `9` → cents; rejects negatives, more than 2 decimals and non-numbers."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise ValueError("must be an amount like 8.99")
    try:
        amount = Decimal(str(value).strip().lstrip("$"))
    except InvalidOperation:
        raise ValueError("must be an amount like 8.99") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError("must be a non-negative amount like 8.99")
    if amount >= MAX_AMOUNT:  # larger ones overflow Decimal or lose digits to its precision
        raise ValueError("must be an amount under 1,000,000,000")
    cents = amount * CENTS
    if cents != cents.to_integral_value():
        raise ValueError("must have at most two decimals")
    return int(cents)


def tax_cents(subtotal_cents: int, rate: Decimal) -> int:
    """Tax on the subtotal, rounded half up to the cent."""
    return int((Decimal(subtotal_cents) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


NOT_FOR_PRICES = frozenset(
    """BOV CHE CHW CLF COU MXV USN UYI UYW XAD XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XTS XUA
    XXX""".split()
)
"""ISO 4217's fund, metal, settlement and test codes, in which no restaurant prices a meal."""
ISO_4217_CURRENCIES = frozenset(c.alpha_3 for c in pycountry.currencies) - NOT_FOR_PRICES
"""The currencies in circulation, from the ISO 4217 list pycountry keeps (Debian iso-codes)."""


def check_currency(code: object) -> str:
    """`code` if it is an ISO 4217 currency in circulation ("USD", "EUR"); "XYZ" has the shape
    of a code but is none."""
    if not isinstance(code, str) or code not in ISO_4217_CURRENCIES:
        raise ValueError("must be an ISO 4217 currency code like USD, EUR or GBP")
    return code


# symbols written before the amount; other ISO 4217 codes follow it ("12.34 CHF")
CURRENCY_SYMBOLS = {
    "USD": "$", "CAD": "$", "AUD": "$", "NZD": "$", "SGD": "$", "HKD": "$", "MXN": "$",
    "GBP": "£", "EUR": "€", "INR": "₹", "ILS": "₪", "PHP": "₱", "NGN": "₦", "KRW": "₩",
}  # fmt: skip


def format_cents(cents: int, currency: str = "USD") -> str:
    """`1234` → `$12.34` in USD, `£12.34` in GBP, `12.34 CHF` (screens and the text the TTS
    reads: it says "twelve pounds and thirty-four pence" for `£12.34`)."""
    sign = "-" if cents < 0 else ""
    amount = f"{abs(cents) // 100:,}.{abs(cents) % 100:02d}"
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{amount} {currency}"


_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str:
    """0 ≤ n < 1,000,000 in English words: 42 → "forty-two"."""
    if n < 0:
        return "minus " + number_words(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        return f"{number_words(thousands)} thousand" + (f" {number_words(rest)}" if rest else "")
    return str(n)


def spoken_cents(cents: int) -> str:
    """`1249` → "twelve dollars and forty-nine cents" (for speech)."""
    dollars, rest = divmod(abs(cents), 100)
    parts = []
    if dollars:
        parts.append(f"{number_words(dollars)} dollar{'s' if dollars != 1 else ''}")
    if rest or not dollars:
        parts.append(f"{number_words(rest)} cent{'s' if rest != 1 else ''}")
    return " and ".join(parts)
