"""Container datatypes (Molt's collections module).

deque: a list-like sequence with fast appends and pops at both ends, optionally bounded
by maxlen. (namedtuple, defaultdict, Counter and OrderedDict subclass builtin types,
which Molt does not support yet.)
"""

__all__ = ["deque"]

_repr_running = set()
_internal = ("_d", "_h", "_maxlen", "_state")


class deque:
    """A list-like sequence optimized for data accesses near its endpoints."""

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
