"""Abstract Base Classes (Molt's abc module).

A class deriving from ABC that has methods or properties decorated with @abstractmethod
cannot be instantiated until a subclass overrides all of them. Molt has no metaclasses:
ABC computes __abstractmethods__ when a subclass is created and checks it in __new__.
Virtual subclasses (ABCMeta, ABC.register) are not provided.
"""


def abstractmethod(funcobj):
    """A decorator indicating abstract methods."""
    funcobj.__isabstractmethod__ = True
    return funcobj


def _isabstract(value):
    if isinstance(value, property):
        return (getattr(value.fget, "__isabstractmethod__", False)
                or getattr(value.fset, "__isabstractmethod__", False)
                or getattr(value.fdel, "__isabstractmethod__", False))
    if isinstance(value, (classmethod, staticmethod)):
        value = value.__func__
    return getattr(value, "__isabstractmethod__", False)


_nil = object()


def _compute(cls):
    ns = getattr(cls, "__dict__", {})
    abstracts = {name for name, value in ns.items() if _isabstract(value)}
    for base in cls.__bases__:
        for name in _abstracts_of(base):
            for c in cls.__mro__:
                value = getattr(c, "__dict__", {}).get(name, _nil)
                if value is not _nil:
                    if _isabstract(value):
                        abstracts.add(name)
                    break
    return frozenset(abstracts)


_cache = {}


def _abstracts_of(cls):
    """The abstract methods of cls (an ABC subclass or not)."""
    found = _cache.get(cls)
    if found is None:
        if cls is object or not issubclass(cls, ABC):
            return ()
        found = _cache[cls] = _compute(cls)
    return found


def update_abstractmethods(cls):
    """Recalculate the set of abstract methods of an abstract class."""
    if isinstance(cls, type) and issubclass(cls, ABC):
        _cache[cls] = cls.__abstractmethods__ = _compute(cls)
    return cls


class ABC:
    """Helper class that provides a standard way to create an ABC using inheritance."""

    __slots__ = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        _cache[cls] = cls.__abstractmethods__ = _compute(cls)

    def __new__(cls, *args, **kwargs):
        if (args or kwargs) and cls.__init__ is object.__init__:
            raise TypeError(f"{cls.__name__}() takes no arguments")
        abstracts = _abstracts_of(cls)
        if abstracts:
            names = sorted(abstracts)
            raise TypeError(f"Can't instantiate abstract class {cls.__name__} with abstract "
                            f"method{'s' if len(names) > 1 else ''} {', '.join(names)}")
        return object.__new__(cls)


ABC.__abstractmethods__ = frozenset()
