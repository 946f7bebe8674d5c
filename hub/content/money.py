"""Prices: `{amount, currency}` inputs checked to the cent, stored amounts read back exactly."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from hub.enums import Currency
from hub.errors import ErrorCode, Problem

CENT = Decimal("0.01")
PRICE_MAX = Decimal("9999999999.99")  # what NUMERIC(12, 2) holds


def check_price(data: dict[str, Any], values: dict[str, Any]) -> list[Problem]:
    """Pop `price` from an input into `price_amount`/`price_currency`; None means no price."""
    if "price" not in data:
        return []
    price = data.pop("price")
    if price is None:
        values["price_amount"] = None
        return []
    try:
        # Through str: a float from a script becomes the decimal it prints as, 99.9 not 99.899...
        amount = Decimal(str(price["amount"]))
        currency = Currency(price.get("currency") or Currency.TJS)
    except (InvalidOperation, KeyError, TypeError, ValueError, AttributeError):
        return [_invalid("A price is an amount and a currency (TJS, USD or EUR).")]
    if not amount.is_finite() or amount < 0 or amount > PRICE_MAX:
        return [_invalid(f"A price is between 0 and {PRICE_MAX}; null means none.")]
    if amount != amount.quantize(CENT):
        return [_invalid("A price is exact to the cent: at most two decimals.")]
    values["price_amount"] = amount.quantize(CENT)
    values["price_currency"] = currency.value
    return []


def stored_price(row: Mapping[str, Any]) -> tuple[Decimal, Currency] | None:
    """The stored price to the cent (SQLite hands back 150.5 for 150.50), or None."""
    amount = row.get("price_amount")
    if amount is None:
        return None
    return Decimal(amount).quantize(CENT), Currency(row["price_currency"])


def _invalid(message: str) -> Problem:
    return Problem(ErrorCode.INVALID, message, "price")
