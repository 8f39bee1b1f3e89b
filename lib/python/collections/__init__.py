"""Container datatypes (Molt's collections module).

deque: a list-like sequence with fast appends and pops at both ends, optionally bounded by
maxlen; defaultdict, Counter and OrderedDict: dicts with a default factory, counts and
order operations; namedtuple: tuple subclasses with named fields.
"""

import sys as _sys
from itertools import chain as _chain, repeat as _repeat, starmap as _starmap
from operator import itemgetter as _itemgetter, eq as _eq

__all__ = ["Counter", "OrderedDict", "defaultdict", "deque", "namedtuple"]

_repr_running = set()
_internal = ("_d", "_h", "_maxlen", "_state")


class deque:
    """A list-like sequence optimized for data accesses near its endpoints."""

    __molt_type_name__ = "collections.deque"

    # Items are self._d[self._h:]; the slots before _h are free room for appendleft.
    # _state changes whenever the length changes, as iterators check.
    # (No __slots__: attribute access through slots is slower in Molt.)

    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None:
            if not isinstance(maxlen, int):
                raise TypeError("an integer is required")
            if maxlen < 0:
                raise ValueError("maxlen must be non-negative")
        self._d = []
        self._h = 0
        self._maxlen = maxlen
        self._state = 0
        self.extend(iterable)

    @property
    def maxlen(self):
        """maximum size of a deque or None if unbounded"""
        return self._maxlen

    @maxlen.setter
    def maxlen(self, value):
        raise AttributeError("attribute 'maxlen' of 'collections.deque' objects is not writable")

    def __hash__(self):
        raise TypeError("unhashable type: 'collections.deque'")

    def _live(self):
        """The items, as a list starting at index 0."""
        d = self._d
        if self._h:
            del d[:self._h]
            self._h = 0
        return d

    def append(self, x):
        """Add an element to the right side of the deque."""
        self._state += 1
        d = self._d
        m = self._maxlen
        if m is not None and len(d) - self._h >= m:
            if m == 0:
                return
            h = self._h
            d[h] = None
            h += 1
            # Free the room before the items once it is large: amortized O(1).
            if h > 16 and h > 2 * m:
                del d[:h]
                h = 0
            self._h = h
        d.append(x)

    def appendleft(self, x):
        """Add an element to the left side of the deque."""
        self._state += 1
        d = self._d
        h = self._h
        m = self._maxlen
        if m is not None and len(d) - h >= m:
            if m == 0:
                return
            d.pop()
        if h == 0:
            h = len(d) + 8
            d = self._d = [None] * h + d
        h -= 1
        d[h] = x
        self._h = h

    def pop(self):
        """Remove and return the rightmost element."""
        if self._h >= len(self._d):
            raise IndexError("pop from an empty deque")
        self._state += 1
        x = self._d.pop()
        if self._h >= len(self._d):
            self._d = []
            self._h = 0
        return x

    def popleft(self):
        """Remove and return the leftmost element."""
        d = self._d
        h = self._h
        if h >= len(d):
            raise IndexError("pop from an empty deque")
        self._state += 1
        x = d[h]
        d[h] = None
        h += 1
        if h == len(d):
            self._d = []
            h = 0
        elif h > 16 and h > 2 * (len(d) - h):
            del d[:h]
            h = 0
        self._h = h
        return x

    def extend(self, iterable):
        """Extend the right side of the deque with elements from the iterable."""
        if iterable is self:
            iterable = list(iterable)
        m = self._maxlen
        if m is None:
            d = self._d
            n = len(d)
            d.extend(iterable)
            if len(d) != n:
                self._state += 1
        elif m == 0:
            for x in iterable:
                pass
        else:
            for x in iterable:
                self.append(x)

    def extendleft(self, iterable):
        """Extend the left side of the deque with elements from the iterable."""
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.appendleft(x)

    def clear(self):
        """Remove all elements from the deque."""
        self._state += 1
        self._d = []
        self._h = 0

    def copy(self):
        """Return a shallow copy of a deque."""
        if self._maxlen is None:
            return type(self)(self)
        return type(self)(self, self._maxlen)

    __copy__ = copy

    def count(self, x):
        """Return number of occurrences of value."""
        return self._live().count(x)

    def index(self, x, start=0, stop=None):
        """Return first index of value."""
        d = self._live()
        try:
            return d.index(x, start, len(d) if stop is None else stop)
        except ValueError:
            raise ValueError(f"{x!r} is not in deque") from None

    def insert(self, i, x):
        """Insert value before index."""
        d = self._live()
        if self._maxlen is not None and len(d) >= self._maxlen:
            raise IndexError("deque already at its maximum size")
        self._state += 1
        d.insert(i, x)

    def remove(self, value):
        """Remove first occurrence of value."""
        d = self._live()
        try:
            d.remove(value)
        except ValueError:
            raise ValueError(f"{value!r} is not in deque") from None
        self._state += 1

    def reverse(self):
        """Reverse *IN PLACE*."""
        self._live().reverse()

    def rotate(self, n=1):
        """Rotate the deque n steps to the right (default n=1). If n is negative, rotates left."""
        d = self._live()
        self._state += 1
        if len(d) > 1:
            n %= len(d)
            if n:
                d[:] = d[-n:] + d[:-n]

    def _index(self, i):
        if not isinstance(i, int):
            raise TypeError(f"sequence index must be integer, not {type(i).__name__!r}")
        n = len(self._d) - self._h
        if i < 0:
            i += n
        if i < 0 or i >= n:
            raise IndexError("deque index out of range")
        return self._h + i

    def __getitem__(self, i):
        return self._d[self._index(i)]

    def __setitem__(self, i, x):
        self._d[self._index(i)] = x

    def __delitem__(self, i):
        i = self._index(i) - self._h
        self._state += 1
        del self._live()[i]

    def __len__(self):
        return len(self._d) - self._h

    def __contains__(self, x):
        return x in self._live()

    def __iter__(self):
        return self._walk(self._state, range(len(self._d) - self._h))

    def __reversed__(self):
        return self._walk(self._state, range(len(self._d) - self._h - 1, -1, -1))

    def _walk(self, state, indices):
        for i in indices:
            if self._state != state:
                raise RuntimeError("deque mutated during iteration")
            yield self._d[self._h + i]
        if self._state != state:
            raise RuntimeError("deque mutated during iteration")

    def __repr__(self):
        key = id(self)
        if key in _repr_running:
            return "[...]"
        _repr_running.add(key)
        try:
            items = repr(self._live())
        finally:
            _repr_running.discard(key)
        name = type(self).__name__
        if self._maxlen is None:
            return f"{name}({items})"
        return f"{name}({items}, maxlen={self._maxlen})"

    def __eq__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._live() == other._live()

    def __ne__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._live() != other._live()

    def __lt__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._live() < other._live()

    def __le__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._live() <= other._live()

    def __gt__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._live() > other._live()

    def __ge__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._live() >= other._live()

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError(f'can only concatenate deque (not "{type(other).__name__}") to deque')
        new = self.copy()
        new.extend(other)
        return new

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __mul__(self, n):
        new = self.copy()
        new *= n
        return new

    __rmul__ = __mul__

    def __imul__(self, n):
        if not isinstance(n, int):
            raise TypeError(f"can't multiply sequence by non-int of type {type(n).__name__!r}")
        d = self._live()
        if n <= 0:
            self.clear()
        elif n > 1 and d:
            self._state += 1
            d *= n
            m = self._maxlen
            if m is not None and len(d) > m:
                del d[:len(d) - m]
        return self

    def __class_getitem__(cls, item):
        return _GenericAlias(cls, item)

    def __reduce__(self):
        state = {k: v for k, v in vars(self).items() if k not in _internal} or None
        if self._maxlen is None:
            return type(self), (), state, iter(self)
        return type(self), ((), self._maxlen), state, iter(self)


def _type_repr(t):
    if t is ...:
        return "..."
    if isinstance(t, type):
        if t.__module__ == "builtins":
            return t.__qualname__
        return f"{t.__module__}.{t.__qualname__}"
    return repr(t)


class _GenericAlias:
    """What deque[T] gives: a types.GenericAlias in CPython, which Molt cannot create."""

    def __init__(self, origin, args):
        self.__origin__ = origin
        self.__args__ = args if isinstance(args, tuple) else (args,)

    def __call__(self, *args, **kwargs):
        return self.__origin__(*args, **kwargs)

    def __repr__(self):
        args = ", ".join([_type_repr(a) for a in self.__args__]) if self.__args__ else "()"
        return f"{_type_repr(self.__origin__)}[{args}]"

    def __eq__(self, other):
        if not isinstance(other, _GenericAlias):
            return NotImplemented
        return self.__origin__ is other.__origin__ and self.__args__ == other.__args__

    def __hash__(self):
        return hash((self.__origin__, self.__args__))


# ---- defaultdict ------------------------------------------------------------------------------

class defaultdict(dict):
    """defaultdict(default_factory=None, /, [...]) --> dict with default factory

    The default factory is called without arguments to produce a new value when a key is
    not present, in __getitem__ only."""

    __slots__ = ("default_factory",)
    __molt_type_name__ = "collections.defaultdict"

    def __init__(self, default_factory=None, /, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError("first argument must be callable or None")
        dict.__init__(self, *args, **kwargs)
        self.default_factory = default_factory

    def __missing__(self, key):
        factory = self.default_factory
        if factory is None:
            raise KeyError(key)
        value = factory()
        self[key] = value
        return value

    def __repr__(self):
        factory = self.default_factory
        key = id(factory)
        if factory is None:
            shown = "None"
        elif key in _repr_running:
            shown = "..."
        else:
            _repr_running.add(key)
            try:
                shown = repr(factory)
            finally:
                _repr_running.discard(key)
        return f"{type(self).__name__}({shown}, {dict.__repr__(self)})"

    def copy(self):
        """D.copy() -> a shallow copy of D."""
        return type(self)(self.default_factory, self)

    __copy__ = copy

    def __reduce__(self):
        return type(self), (self.default_factory,), None, None, iter(self.items())

    def __or__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = type(self)(self.default_factory, self)
        new.update(other)
        return new

    def __ror__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = type(self)(self.default_factory, other)
        new.update(self)
        return new

    def __ior__(self, other):
        dict.update(self, other)
        return self


# ---- Counter ----------------------------------------------------------------------------------

class Counter(dict):
    """Dict subclass for counting hashable items. Elements are stored as dictionary keys and
    their counts as dictionary values."""

    def __init__(self, iterable=None, /, **kwds):
        dict.__init__(self)
        self.update(iterable, **kwds)

    def __missing__(self, key):
        """The count of elements not in the Counter is zero."""
        return 0

    def total(self):
        """Sum of the counts"""
        return sum(self.values())

    def most_common(self, n=None):
        """List the n most common elements and their counts from the most common to the
        least. If n is None, then list all element counts."""
        items = sorted(self.items(), key=_itemgetter(1), reverse=True)
        return items if n is None else items[:max(n, 0)]

    def elements(self):
        """Iterator over elements repeating each as many times as its count."""
        return _chain.from_iterable(_starmap(_repeat, self.items()))

    @classmethod
    def fromkeys(cls, iterable, v=None):
        raise NotImplementedError("Counter.fromkeys() is undefined.  Use Counter(iterable) instead.")

    def update(self, iterable=None, /, **kwds):
        """Like dict.update() but add counts instead of replacing them."""
        if iterable is not None:
            if isinstance(iterable, dict):
                if self:
                    get = self.get
                    for elem, count in iterable.items():
                        self[elem] = count + get(elem, 0)
                else:
                    dict.update(self, iterable)
            else:
                get = self.get
                for elem in iterable:
                    self[elem] = get(elem, 0) + 1
        if kwds:
            self.update(kwds)

    def subtract(self, iterable=None, /, **kwds):
        """Like dict.update() but subtracts counts instead of replacing them."""
        if iterable is not None:
            get = self.get
            if isinstance(iterable, dict):
                for elem, count in iterable.items():
                    self[elem] = get(elem, 0) - count
            else:
                for elem in iterable:
                    self[elem] = get(elem, 0) - 1
        if kwds:
            self.subtract(kwds)

    def copy(self):
        """Return a shallow copy."""
        return self.__class__(self)

    __copy__ = copy

    def __reduce__(self):
        return self.__class__, (dict(self),)

    def __delitem__(self, elem):
        """Like dict.__delitem__() but does not raise KeyError for missing values."""
        if elem in self:
            dict.__delitem__(self, elem)

    def __repr__(self):
        if not self:
            return f"{self.__class__.__name__}()"
        try:
            d = dict(self.most_common())
        except TypeError:
            d = dict(self)
        return f"{self.__class__.__name__}({d!r})"

    def __eq__(self, other):
        """True if all counts agree. Missing counts are treated as zero."""
        if not isinstance(other, Counter):
            return NotImplemented
        return all(self[e] == other[e] for c in (self, other) for e in c)

    def __ne__(self, other):
        """True if any counts disagree. Missing counts are treated as zero."""
        if not isinstance(other, Counter):
            return NotImplemented
        return not self == other

    def __le__(self, other):
        """True if all counts in self are a subset of those in other."""
        if not isinstance(other, Counter):
            return NotImplemented
        return all(self[e] <= other[e] for c in (self, other) for e in c)

    def __lt__(self, other):
        """True if all counts in self are a proper subset of those in other."""
        if not isinstance(other, Counter):
            return NotImplemented
        return self <= other and self != other

    def __ge__(self, other):
        """True if all counts in self are a superset of those in other."""
        if not isinstance(other, Counter):
            return NotImplemented
        return all(self[e] >= other[e] for c in (self, other) for e in c)

    def __gt__(self, other):
        """True if all counts in self are a proper superset of those in other."""
        if not isinstance(other, Counter):
            return NotImplemented
        return self >= other and self != other

    __hash__ = None

    def __add__(self, other):
        """Add counts from two counters."""
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self.items():
            newcount = count + other[elem]
            if newcount > 0:
                result[elem] = newcount
        for elem, count in other.items():
            if elem not in self and count > 0:
                result[elem] = count
        return result

    def __sub__(self, other):
        """Subtract count, but keep only results with positive counts."""
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self.items():
            newcount = count - other[elem]
            if newcount > 0:
                result[elem] = newcount
        for elem, count in other.items():
            if elem not in self and count < 0:
                result[elem] = 0 - count
        return result

    def __or__(self, other):
        """Union is the maximum of value in either of the input counters."""
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self.items():
            other_count = other[elem]
            newcount = other_count if count < other_count else count
            if newcount > 0:
                result[elem] = newcount
        for elem, count in other.items():
            if elem not in self and count > 0:
                result[elem] = count
        return result

    def __and__(self, other):
        """Intersection is the minimum of corresponding counts."""
        if not isinstance(other, Counter):
            return NotImplemented
        result = Counter()
        for elem, count in self.items():
            other_count = other[elem]
            newcount = count if count < other_count else other_count
            if newcount > 0:
                result[elem] = newcount
        return result

    def __pos__(self):
        """Adds an empty counter, effectively stripping negative and zero counts."""
        result = Counter()
        for elem, count in self.items():
            if count > 0:
                result[elem] = count
        return result

    def __neg__(self):
        """Subtracts from an empty counter. Strips positive and zero counts, and flips the
        sign on negative counts."""
        result = Counter()
        for elem, count in self.items():
            if count < 0:
                result[elem] = 0 - count
        return result

    def _keep_positive(self):
        """Internal method to strip elements with a negative or zero count"""
        nonpositive = [elem for elem, count in self.items() if not count > 0]
        for elem in nonpositive:
            del self[elem]
        return self

    def __iadd__(self, other):
        """Inplace add from another counter, keeping only positive counts."""
        for elem, count in other.items():
            self[elem] += count
        return self._keep_positive()

    def __isub__(self, other):
        """Inplace subtract counter, but keep only results with positive counts."""
        for elem, count in other.items():
            self[elem] -= count
        return self._keep_positive()

    def __ior__(self, other):
        """Inplace union is the maximum of value from either counter."""
        for elem, other_count in other.items():
            count = self[elem]
            if other_count > count:
                self[elem] = other_count
        return self._keep_positive()

    def __iand__(self, other):
        """Inplace intersection is the minimum of corresponding counts."""
        for elem, count in self.items():
            other_count = other[elem]
            if other_count < count:
                self[elem] = other_count
        return self._keep_positive()


# ---- OrderedDict ------------------------------------------------------------------------------

class OrderedDict(dict):
    """Dictionary that remembers insertion order, with operations that reorder it."""

    # A dict keeps insertion order already; what OrderedDict adds is moving keys and
    # order-sensitive equality between OrderedDicts.
    __molt_type_name__ = "collections.OrderedDict"

    def __init__(self, other=(), /, **kwds):
        dict.update(self, other, **kwds)

    def popitem(self, last=True):
        """Remove and return a (key, value) pair from the dictionary.

        Pairs are returned in LIFO order if last is true or FIFO order if false."""
        if not self:
            raise KeyError("dictionary is empty")
        key = next(reversed(self)) if last else next(iter(self))
        value = dict.pop(self, key)
        return key, value

    def move_to_end(self, key, last=True):
        """Move an existing element to the end (or beginning if last is false).

        Raise KeyError if the element does not exist."""
        value = dict.pop(self, key)
        if last:
            dict.__setitem__(self, key, value)
            return
        rest = list(dict.items(self))
        dict.clear(self)
        dict.__setitem__(self, key, value)
        for k, v in rest:
            dict.__setitem__(self, k, v)

    def keys(self):
        """D.keys() -> a set-like object providing a view on D's keys"""
        return odict_keys(self)

    def values(self):
        """D.values() -> an object providing a view on D's values"""
        return odict_values(self)

    def items(self):
        """D.items() -> a set-like object providing a view on D's items"""
        return odict_items(self)

    def __repr__(self):
        key = id(self)
        if key in _repr_running:
            return "..."
        if not self:
            return f"{type(self).__name__}()"
        _repr_running.add(key)
        try:
            items = repr(list(dict.items(self)))
        finally:
            _repr_running.discard(key)
        return f"{type(self).__name__}({items})"

    def __reduce__(self):
        state = vars(self) or None
        return self.__class__, (), state, None, iter(dict.items(self))

    def copy(self):
        """od.copy() -> a shallow copy of od"""
        return self.__class__(self)

    __copy__ = copy

    def __eq__(self, other):
        """od.__eq__(y) <==> od==y. Comparison to another OrderedDict is order-sensitive
        while comparison to a regular mapping is order-insensitive."""
        if isinstance(other, OrderedDict):
            return dict.__eq__(self, other) and all(map(_eq, self, other))
        return dict.__eq__(self, other)

    def __ne__(self, other):
        if isinstance(other, OrderedDict):
            return not (dict.__eq__(self, other) and all(map(_eq, self, other)))
        return dict.__ne__(self, other)

    __hash__ = None

    def __or__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = self.__class__(self)
        new.update(other)
        return new

    def __ror__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = self.__class__(other)
        new.update(self)
        return new

    def __ior__(self, other):
        self.update(other)
        return self


class _odict_view:
    """What OrderedDict's keys(), values() and items() give: live views of the dict."""

    __slots__ = ("_mapping",)

    def __init__(self, mapping):
        self._mapping = mapping

    def __len__(self):
        return len(self._mapping)

    def __repr__(self):
        return f"{type(self).__name__}({list(self)!r})"


class _odict_set_view(_odict_view):
    __slots__ = ()

    def __eq__(self, other):
        return set(self) == other if isinstance(other, (set, frozenset, _odict_set_view)) else NotImplemented

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __and__(self, other):
        return set(self) & set(other)

    def __or__(self, other):
        return set(self) | set(other)

    def __sub__(self, other):
        return set(self) - set(other)

    def __xor__(self, other):
        return set(self) ^ set(other)

    __rand__ = __and__
    __ror__ = __or__
    __rxor__ = __xor__

    def __rsub__(self, other):
        return set(other) - set(self)

    def isdisjoint(self, other):
        """Return True if the view and the given iterable have a null intersection."""
        return not any(x in self for x in other)

    __hash__ = None


class odict_keys(_odict_set_view):
    __slots__ = ()
    __module__ = "builtins"

    def __iter__(self):
        return iter(dict.keys(self._mapping))

    def __reversed__(self):
        return reversed(dict.keys(self._mapping))

    def __contains__(self, key):
        return key in self._mapping


class odict_values(_odict_view):
    __slots__ = ()
    __module__ = "builtins"

    def __iter__(self):
        return iter(dict.values(self._mapping))

    def __reversed__(self):
        return reversed(dict.values(self._mapping))


class odict_items(_odict_set_view):
    __slots__ = ()
    __module__ = "builtins"

    def __iter__(self):
        return iter(dict.items(self._mapping))

    def __reversed__(self):
        return reversed(dict.items(self._mapping))

    def __contains__(self, item):
        key, value = item
        m = self._mapping
        return key in m and (dict.__getitem__(m, key) is value or dict.__getitem__(m, key) == value)


# ---- namedtuple -------------------------------------------------------------------------------

_KEYWORDS = frozenset([
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
])


class _tuplegetter:
    """The descriptor behind a named field: self[index]."""

    __slots__ = ("_index", "__doc__")
    __module__ = "_collections"
    __molt_type_name__ = "_collections._tuplegetter"

    def __init__(self, index, doc):
        self._index = index
        self.__doc__ = doc

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return instance[self._index]

    def __set__(self, instance, value):
        raise AttributeError("can't set attribute")

    def __delete__(self, instance):
        raise AttributeError("can't delete attribute")

    def __repr__(self):
        return f"_tuplegetter({self._index}, {self.__doc__!r})"


def _names_text(names):
    """'x', 'x' and 'y', 'x', 'y', and 'z': how CPython lists missing arguments."""
    quoted = [repr(n) for n in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return f"{quoted[0]} and {quoted[1]}"
    return ", ".join(quoted[:-1]) + ", and " + quoted[-1]


def _bind_fields(fname, fields, defaults, args, kwargs):
    """The field values of fname(*args, **kwargs) for parameters `fields`, the last
    len(defaults) of them with defaults, with CPython's errors for a bad call."""
    n = len(fields)
    values = list(args[:n])
    for key in kwargs:
        if key not in fields:
            raise TypeError(f"{fname}() got an unexpected keyword argument '{key}'")
        if fields.index(key) < len(args):
            raise TypeError(f"{fname}() got multiple values for argument '{key}'")
    if len(args) > n:
        first = n + 1 - len(defaults)
        if defaults:
            raise TypeError(f"{fname}() takes from {first} to {n + 1} positional arguments but {len(args) + 1} were given")
        raise TypeError(f"{fname}() takes {n + 1} positional argument{'s' if n else ''} but {len(args) + 1} were given")
    missing = []
    for i in range(len(args), n):
        name = fields[i]
        if name in kwargs:
            values.append(kwargs[name])
        elif i >= n - len(defaults):
            values.append(defaults[i - (n - len(defaults))])
        else:
            values.append(None)
            missing.append(name)
    if missing:
        s = "" if len(missing) == 1 else "s"
        raise TypeError(f"{fname}() missing {len(missing)} required positional argument{s}: {_names_text(missing)}")
    return values


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    """Returns a new subclass of tuple with named fields."""
    if isinstance(field_names, str):
        field_names = field_names.replace(",", " ").split()
    field_names = list(map(str, field_names))
    typename = _sys.intern(str(typename))

    if rename:
        seen = set()
        for index, name in enumerate(field_names):
            if (not name.isidentifier() or name in _KEYWORDS or name.startswith("_") or name in seen):
                field_names[index] = f"_{index}"
            seen.add(name)

    for name in [typename] + field_names:
        if type(name) is not str:
            raise TypeError("Type names and field names must be strings")
        if not name.isidentifier():
            raise ValueError(f"Type names and field names must be valid identifiers: {name!r}")
        if name in _KEYWORDS:
            raise ValueError(f"Type names and field names cannot be a keyword: {name!r}")

    seen = set()
    for name in field_names:
        if name.startswith("_") and not rename:
            raise ValueError(f"Field names cannot start with an underscore: {name!r}")
        if name in seen:
            raise ValueError(f"Encountered duplicate field name: {name!r}")
        seen.add(name)

    field_defaults = {}
    if defaults is not None:
        defaults = tuple(defaults)
        if len(defaults) > len(field_names):
            raise TypeError("Got more default values than field names")
        field_defaults = dict(reversed(list(zip(reversed(field_names), reversed(defaults)))))
    default_values = tuple(defaults) if defaults is not None else ()

    field_names = tuple(map(_sys.intern, field_names))
    num_fields = len(field_names)
    arg_list = ", ".join(field_names)
    if num_fields == 1:
        arg_list += ","
    repr_fmt = "(" + ", ".join(f"{name}=%r" for name in field_names) + ")"
    tuple_new = tuple.__new__
    new_name = f"{typename}.__new__"

    def __new__(_cls, *args, **kwargs):
        if not kwargs and len(args) == num_fields:
            return tuple_new(_cls, args)
        return tuple_new(_cls, _bind_fields(new_name, field_names, default_values, args, kwargs))

    __new__.__doc__ = f"Create new instance of {typename}({arg_list})"
    __new__.__qualname__ = new_name

    @classmethod
    def _make(cls, iterable):
        result = tuple_new(cls, iterable)
        if len(result) != num_fields:
            raise TypeError(f"Expected {num_fields} arguments, got {len(result)}")
        return result

    _make.__func__.__doc__ = f"Make a new {typename} object from a sequence or iterable"

    def _replace(self, /, **kwds):
        result = self._make(map(kwds.pop, field_names, self))
        if kwds:
            raise ValueError(f"Got unexpected field names: {list(kwds)!r}")
        return result

    _replace.__doc__ = f"Return a new {typename} object replacing specified fields with new values"

    def __repr__(self):
        """Return a nicely formatted representation string"""
        return self.__class__.__name__ + repr_fmt % self

    def _asdict(self):
        """Return a new dict which maps field names to their values."""
        return dict(zip(self._fields, self))

    def __getnewargs__(self):
        """Return self as a plain tuple.  Used by copy and pickle."""
        return tuple(self)

    for method in (__new__, _make.__func__, _replace, __repr__, _asdict, __getnewargs__):
        method.__qualname__ = f"{typename}.{method.__name__}"

    class_namespace = {
        "__doc__": f"{typename}({arg_list})",
        "__slots__": (),
        "_fields": field_names,
        "_field_defaults": field_defaults,
        "__new__": __new__,
        "_make": _make,
        "_replace": _replace,
        "__repr__": __repr__,
        "_asdict": _asdict,
        "__getnewargs__": __getnewargs__,
        "__match_args__": field_names,
        "__module__": "__main__" if module is None else module,
    }
    for index, name in enumerate(field_names):
        class_namespace[name] = _tuplegetter(index, f"Alias for field number {index}")
    return type(typename, (tuple,), class_namespace)
