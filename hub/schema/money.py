"""Money: an amount and its currency."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from hub.content.lookups import Row
from hub.content.money import stored_price
from hub.schema.enums import Currency


@strawberry.type(description="An amount of money in a currency.")
class Money:
    amount: Decimal = strawberry.field(description="The amount, exact to the cent.")
    currency: Currency = strawberry.field(description="The currency of the amount.")

    @classmethod
    def from_row(cls, row: Row) -> Money | None:
        price = stored_price(row)
        return cls(amount=price[0], currency=price[1]) if price else None


@strawberry.input(description="An amount of money in a currency.")
class MoneyInput:
    amount: Decimal = strawberry.field(description="The amount, at least 0.")
    currency: Currency = strawberry.field(description="The currency of the amount.")
