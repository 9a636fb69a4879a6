"""Realistic, clearly fictional demo data for the whole product.

Every record is made from a fixed seed, so two runs make the same world; each
record is looked up by its natural key first, so a second run adds nothing.
`scale` multiplies the volumes (NGOs, reports and their events, extra
neighbourhoods and offices) for benchmarks; large volumes go in with bulk
inserts.
"""

from .names import DEMO_PASSWORD
from .world import DemoWorld

__all__ = ["DEMO_PASSWORD", "DemoWorld"]
