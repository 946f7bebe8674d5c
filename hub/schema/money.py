"""Money: an amount and its currency."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from hub.enums import Currency as _Currency
from hub.schema.enums import Currency


@strawberry.type(description="An amount of money in a currency.")
class Money:
    amount: Decimal = strawberry.field(description="The amount, exact to the cent.")
    currency: Currency = strawberry.field(description="The currency of the amount.")

    @classmethod
    def from_columns(cls, amount: Decimal | None, currency: str) -> Money | None:
        if amount is None:
            return None
        return cls(amount=Decimal(amount), currency=_Currency(currency))


@strawberry.input(description="An amount of money in a currency.")
class MoneyInput:
    amount: Decimal = strawberry.field(description="The amount, at least 0.")
    currency: Currency = strawberry.field(description="The currency of the amount.")
