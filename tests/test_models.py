"""The models' quick ``__init__``: the generated one's parameters, still frozen."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest

from provenance.models import (
    Category,
    CitedDate,
    Outlet,
    ParenKind,
    Parenthetical,
    Reference,
    Resolution,
    quick_init,
)

QUICK = (CitedDate, Reference, Parenthetical, Resolution)


def _twin(cls: type) -> type:
    """The same fields in a plain ``dataclass(frozen=True)``: the reference behaviour."""
    specs = []
    for f in dataclasses.fields(cls):
        spec = dataclasses.field(default=f.default, compare=f.compare, repr=f.repr)
        specs.append((f.name, f.type, spec))
    return dataclasses.make_dataclass(cls.__name__, specs, frozen=True)


@pytest.mark.parametrize("cls", QUICK, ids=lambda c: c.__name__)
def test_the_quick_init_takes_what_the_generated_one_takes(cls):
    quick, plain = inspect.signature(cls.__init__), inspect.signature(_twin(cls).__init__)
    assert [(p.name, p.default, p.kind) for p in quick.parameters.values()] == [
        (p.name, p.default, p.kind) for p in plain.parameters.values()
    ]
    assert cls.__init__.__qualname__ == f"{cls.__qualname__}.__init__"


def _samples():
    date = CitedDate("October 20", 2016, 10, 20, True, "after-publication")
    ref = Reference("TASS", 3, 7, date, "see", True, "https://tass.ru/x", "Title", "generic", 9)
    outlet = Outlet(id="tass", name="TASS", category=Category.STATE_OWNED)
    return [
        (CitedDate, ("May 3", 2015), {"month": 5, "day": 3}),
        (CitedDate, (date.text, 2016, 10, 20, True, "after-publication"), {}),
        (Reference, ("Regnum", 0, 6, None), {"url": "https://regnum.ru/a", "id": 4}),
        (Reference, tuple(getattr(ref, f.name) for f in dataclasses.fields(ref)), {}),
        (Parenthetical, (0, 6, "(TASS)", ParenKind.CITATION), {"references": (ref,)}),
        (Resolution, ("TASS", outlet, "tass.ru", "alias"), {"self_citation": True}),
    ]


@pytest.mark.parametrize(("cls", "args", "kwargs"), _samples())
def test_quick_objects_equal_hash_pickle_and_stay_frozen(cls, args, kwargs):
    made, plain = cls(*args, **kwargs), _twin(cls)(*args, **kwargs)
    assert dataclasses.asdict(made) == dataclasses.asdict(plain)
    assert made == cls(*args, **kwargs) and hash(made) == hash(cls(*args, **kwargs))
    assert pickle.loads(pickle.dumps(made)) == made
    name = dataclasses.fields(cls)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, name, None)
    changed = dataclasses.replace(made, **{name: getattr(plain, name)})
    assert changed == made and changed is not made
    with pytest.raises(TypeError):
        cls(*args, nonsense=1, **kwargs)


def test_quick_init_refuses_what_it_cannot_copy():
    @dataclasses.dataclass(frozen=True)
    class Listed:
        items: list = dataclasses.field(default_factory=list)

    with pytest.raises(TypeError, match="Listed.items"):
        quick_init(Listed)
