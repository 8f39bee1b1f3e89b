"""Functions creating iterators for efficient looping (Molt's itertools module).

Infinite: count, cycle, repeat. Terminating on the shortest input: accumulate, chain,
compress, dropwhile, filterfalse, groupby, islice, pairwise, starmap, takewhile, tee,
zip_longest. Combinatoric: product, permutations, combinations,
combinations_with_replacement. Each behaves (lazily, with the same error messages) as
CPython 3.11's does.
"""

__all__ = ["accumulate", "chain", "combinations", "combinations_with_replacement",
           "compress", "count", "cycle", "dropwhile", "filterfalse", "groupby", "islice",
           "pairwise", "permutations", "product", "repeat", "starmap", "takewhile", "tee",
           "zip_longest"]

_NONE = object()
_MAXSIZE = 9223372036854775807


def _bind(fname, args, kw, names, nreq, maxpos=-1):
    # Binds arguments as CPython's keyword-aware argument parser does, with its messages.
    n = len(args)
    if maxpos < 0:
        total = n + len(kw)
        if total > len(names):
            raise TypeError(f"{fname}() takes at most {len(names)} "
                            f"{'' if n else 'keyword '}arguments ({total} given)")
    elif n > maxpos:
        raise TypeError(f"{fname}() takes at most {maxpos} positional arguments ({n} given)")
    vals = list(args)
    for i in range(n, len(names)):
        v = kw.get(names[i], _NONE)
        if v is _NONE and i < nreq:
            raise TypeError(f"{fname}() missing required argument '{names[i]}' (pos {i + 1})")
        vals.append(v)
    for k in kw:
        if k not in names:
            raise TypeError(f"'{k}' is an invalid keyword argument for {fname}()")
        if names.index(k) < n:
            raise TypeError(f"argument for {fname}() given by name ('{k}') and position "
                            f"({names.index(k) + 1})")
    return vals


def _pos(fname, args, kw, lo, hi):
    # Checks a positional-only signature as CPython's simpler parsers do.
    if kw:
        raise TypeError(f"{fname}() takes no keyword arguments")
    n = len(args)
    if n < lo or n > hi:
        m = lo if n < lo else hi
        how = "" if lo == hi else "at least " if n < lo else "at most "
        raise TypeError(f"{fname} expected {how}{m} argument{'s' if m != 1 else ''}, got {n}")
    return args


def _index(x):
    if isinstance(x, int):
        return x
    try:
        f = type(x).__index__
    except AttributeError:
        raise TypeError(f"'{type(x).__name__}' object cannot be interpreted as an integer") from None
    return f(x)


def _isnumber(x):
    t = type(x)
    return hasattr(t, "__index__") or hasattr(t, "__float__") or hasattr(t, "__int__")


def _self(self):
    return self


def _same(a, b):
    return a is b or bool(a == b)


class count:
    """count(start=0, step=1) --> start, start+step, start+2*step, ..."""

    def __init__(self, *args, **kw):
        start, step = _bind("count", args, kw, ("start", "step"), 0)
        if start is _NONE:
            start = 0
        if step is _NONE:
            step = 1
        if not (_isnumber(start) and _isnumber(step)):
            raise TypeError("a number is required")
        self._n = start
        self._step = step

    __iter__ = _self

    def __next__(self):
        n = self._n
        self._n = n + self._step
        return n

    def __repr__(self):
        step = self._step
        if isinstance(step, int) and step == 1:
            return f"{type(self).__name__}({self._n!r})"
        return f"{type(self).__name__}({self._n!r}, {step!r})"


class cycle:
    """cycle(iterable) --> the elements of iterable, then those saved elements, forever."""

    def __init__(self, *args, **kw):
        self._it = iter(_pos("cycle", args, kw, 1, 1)[0])
        self._saved = []
        self._i = 0

    __iter__ = _self

    def __next__(self):
        if self._it is not None:
            for item in self._it:
                self._saved.append(item)
                return item
            self._it = None
        saved = self._saved
        if not saved:
            raise StopIteration
        item = saved[self._i]
        self._i = (self._i + 1) % len(saved)
        return item


class repeat:
    """repeat(object [,times]) -> object, over and over, or times times."""

    def __init__(self, *args, **kw):
        obj, times = _bind("repeat", args, kw, ("object", "times"), 1)
        self._obj = obj
        if times is _NONE:
            self._left = -1
        else:
            times = _index(times)
            self._left = times if times > 0 else 0

    __iter__ = _self

    def __next__(self):
        left = self._left
        if left == 0:
            raise StopIteration
        if left > 0:
            self._left = left - 1
        return self._obj

    def __length_hint__(self):
        if self._left < 0:
            raise TypeError("len() of unsized object")
        return self._left


class accumulate:
    """accumulate(iterable, func=None, *, initial=None) -> running totals (or func results)."""

    def __init__(self, *args, **kw):
        iterable, func, initial = _bind("accumulate", args, kw,
                                        ("iterable", "func", "initial"), 1, 2)
        self._it = iter(iterable)
        self._func = None if func is _NONE else func
        self._total = _NONE
        self._initial = None if initial is _NONE else initial

    __iter__ = _self

    def __next__(self):
        if self._initial is not None:
            self._total = self._initial
            self._initial = None
            return self._total
        value = next(self._it)
        total = self._total
        if total is not _NONE:
            value = total + value if self._func is None else self._func(total, value)
        self._total = value
        return value


class chain:
    """chain(*iterables) -> the elements of the first iterable, then of the next, ..."""

    def __init__(self, *args, **kw):
        if kw:
            raise TypeError("chain() takes no keyword arguments")
        self._source = iter(args)
        self._active = None

    @classmethod
    def from_iterable(cls, iterable):
        """Alternative chain() constructor taking a single iterable argument."""
        self = cls.__new__(cls)
        self._source = iter(iterable)
        self._active = None
        return self

    __iter__ = _self

    def __next__(self):
        while self._source is not None:
            if self._active is None:
                try:
                    self._active = iter(next(self._source))
                except BaseException:
                    self._source = None
                    raise
            for item in self._active:
                return item
            self._active = None
        raise StopIteration


class compress:
    """compress(data, selectors) -> the items of data whose selector is true."""

    def __init__(self, *args, **kw):
        data, selectors = _bind("compress", args, kw, ("data", "selectors"), 2)
        self._data = iter(data)
        self._sel = iter(selectors)

    __iter__ = _self

    def __next__(self):
        while True:
            item = next(self._data)
            if next(self._sel):
                return item


class dropwhile:
    """dropwhile(predicate, iterable) -> iterable's items from the first failing predicate on."""

    def __init__(self, *args, **kw):
        pred, iterable = _pos("dropwhile", args, kw, 2, 2)
        self._pred = pred
        self._it = iter(iterable)
        self._dropping = True

    __iter__ = _self

    def __next__(self):
        while True:
            item = next(self._it)
            if not self._dropping or not self._pred(item):
                self._dropping = False
                return item


class takewhile:
    """takewhile(predicate, iterable) -> iterable's items while predicate holds for them."""

    def __init__(self, *args, **kw):
        pred, iterable = _pos("takewhile", args, kw, 2, 2)
        self._pred = pred
        self._it = iter(iterable)
        self._done = False

    __iter__ = _self

    def __next__(self):
        if self._done:
            raise StopIteration
        item = next(self._it)
        if self._pred(item):
            return item
        self._done = True
        raise StopIteration


class filterfalse:
    """filterfalse(function or None, iterable) -> the items for which function(item) is false."""

    def __init__(self, *args, **kw):
        func, iterable = _pos("filterfalse", args, kw, 2, 2)
        self._func = None if func is bool else func
        self._it = iter(iterable)

    __iter__ = _self

    def __next__(self):
        func = self._func
        while True:
            item = next(self._it)
            if not (item if func is None else func(item)):
                return item


class groupby:
    """groupby(iterable, key=None) -> (key, group) pairs for runs of equal keys."""

    def __init__(self, *args, **kw):
        iterable, key = _bind("groupby", args, kw, ("iterable", "key"), 1)
        self._it = iter(iterable)
        self._keyfunc = None if key is _NONE else key
        self._tgtkey = self._currkey = self._currvalue = _NONE
        self._gen = 0  # which _grouper may still advance the shared iterator

    __iter__ = _self

    def _step(self):
        value = next(self._it)
        key = value if self._keyfunc is None else self._keyfunc(value)
        self._currvalue = value
        self._currkey = key

    def __next__(self):
        self._gen += 1
        while True:
            cur = self._currkey
            if cur is not _NONE:
                if self._tgtkey is _NONE or not _same(self._tgtkey, cur):
                    break
            self._step()
        self._tgtkey = self._currkey
        return (self._currkey, _grouper(self, self._tgtkey, self._gen))


class _grouper:
    def __init__(self, parent, tgtkey, gen):
        self._parent = parent
        self._tgtkey = tgtkey
        self._gen = gen

    __iter__ = _self

    def __next__(self):
        gb = self._parent
        if gb._gen != self._gen:
            raise StopIteration
        if gb._currvalue is _NONE:
            gb._step()
        if not _same(self._tgtkey, gb._currkey):
            raise StopIteration
        value = gb._currvalue
        gb._currvalue = gb._currkey = _NONE
        return value


def _islice_arg(x):
    try:
        v = _index(x)
    except Exception:
        return -1
    return v if -_MAXSIZE - 1 <= v <= _MAXSIZE else -1


class islice:
    """islice(iterable, stop) or islice(iterable, start, stop[, step]) -> selected items."""

    def __init__(self, *args, **kw):
        n = len(_pos("islice", args, kw, 2, 4))
        start, stop, step = 0, -1, 1
        a = args[1] if n == 2 else args[2]
        if n > 2 and args[1] is not None:
            start = _islice_arg(args[1])
        if a is not None:
            stop = _islice_arg(a)
            if stop == -1:
                raise ValueError("Stop argument for islice() must be None or an integer: "
                                 "0 <= x <= sys.maxsize.")
        if start < 0 or stop < -1:
            raise ValueError("Indices for islice() must be None or an integer: "
                             "0 <= x <= sys.maxsize.")
        if n == 4 and args[3] is not None:
            step = _islice_arg(args[3])
        if step < 1:
            raise ValueError("Step for islice() must be a positive integer or None.")
        self._it = iter(args[0])
        self._next = start
        self._stop = stop
        self._step = step
        self._cnt = 0

    __iter__ = _self

    def __next__(self):
        it = self._it
        if it is None:
            raise StopIteration
        stop = self._stop
        try:
            while self._cnt < self._next:
                next(it)
                self._cnt += 1
            if stop != -1 and self._cnt >= stop:
                raise StopIteration
            item = next(it)
        except BaseException:
            self._it = None
            raise
        self._cnt += 1
        nxt = self._next + self._step
        self._next = stop if stop != -1 and nxt > stop else nxt
        return item


class starmap:
    """starmap(function, iterable) -> function(*args) for each args tuple of iterable."""

    def __init__(self, *args, **kw):
        func, iterable = _pos("starmap", args, kw, 2, 2)
        self._func = func
        self._it = iter(iterable)

    __iter__ = _self

    def __next__(self):
        args = next(self._it)
        if type(args) is not tuple:
            args = tuple(args)
        return self._func(*args)


class _tee:
    """Iterator wrapped to make it copyable."""

    def __init__(self, it, link):
        self._it = it
        self._link = link  # [value, next link]; next is None until the value is fetched

    __iter__ = _self

    def __next__(self):
        link = self._link
        if link[1] is None:
            value = next(self._it)
            link[0] = value
            link[1] = [None, None]
        self._link = link[1]
        return link[0]

    def __copy__(self):
        return _tee(self._it, self._link)


def tee(*args, **kw):
    """tee(iterable, n=2) -> tuple of n independent iterators over iterable."""
    if kw:
        raise TypeError("itertools.tee() takes no keyword arguments")
    args = _pos("tee", args, kw, 1, 2)
    n = _index(args[1]) if len(args) > 1 else 2
    if n < 0:
        raise ValueError("n must be >= 0")
    if n == 0:
        return ()
    it = iter(args[0])
    copy = getattr(it, "__copy__", None)
    if copy is None:
        it = _tee(it, [None, None])
        copy = it.__copy__
    result = [it]
    for _ in range(n - 1):
        result.append(copy())
    return tuple(result)


class zip_longest:
    """zip_longest(*iterables, fillvalue=None) -> tuples, filling exhausted inputs."""

    def __init__(self, *iterables, **kw):
        fill = None
        if kw:
            if len(kw) != 1 or "fillvalue" not in kw:
                raise TypeError("zip_longest() got an unexpected keyword argument")
            fill = kw["fillvalue"]
        self._its = [iter(x) for x in iterables]
        self._active = len(self._its)
        self._fill = fill

    __iter__ = _self

    def __next__(self):
        if not self._active:
            raise StopIteration
        its = self._its
        result = []
        for i in range(len(its)):
            it = its[i]
            if it is None:
                result.append(self._fill)
                continue
            try:
                result.append(next(it))
            except StopIteration:
                self._active -= 1
                if not self._active:
                    raise
                its[i] = None
                result.append(self._fill)
            except BaseException:
                self._active = 0
                raise
        return tuple(result)


class pairwise:
    """pairwise(iterable) -> (s0, s1), (s1, s2), (s2, s3), ..."""

    def __init__(self, *args, **kw):
        self._it = iter(_pos("pairwise", args, kw, 1, 1)[0])
        self._old = _NONE

    __iter__ = _self

    def __next__(self):
        it = self._it
        if it is None:
            raise StopIteration
        try:
            if self._old is _NONE:
                self._old = next(it)
            new = next(it)
        except BaseException:
            self._it = None
            self._old = _NONE
            raise
        old = self._old
        self._old = new
        return (old, new)


class product:
    """product(*iterables, repeat=1) -> cartesian product of the iterables, as tuples."""

    def __init__(self, *iterables, **kw):
        repeat = 1
        for k in kw:
            if k != "repeat":
                raise TypeError(f"'{k}' is an invalid keyword argument for product()")
            repeat = _index(kw[k])
        if repeat < 0:
            raise ValueError("repeat argument cannot be negative")
        pools = [tuple(x) for x in iterables] * repeat
        self._pools = pools
        self._idx = [0] * len(pools)
        self._first = True
        for p in pools:
            if not p:
                self._idx = None

    __iter__ = _self

    def __next__(self):
        idx = self._idx
        if idx is None:
            raise StopIteration
        pools = self._pools
        if self._first:
            self._first = False
        else:
            i = len(pools) - 1
            while i >= 0:
                idx[i] += 1
                if idx[i] < len(pools[i]):
                    break
                idx[i] = 0
                i -= 1
            if i < 0:
                self._idx = None
                raise StopIteration
        return tuple([pools[i][idx[i]] for i in range(len(pools))])


class permutations:
    """permutations(iterable, r=None) -> successive r-length permutations of iterable."""

    def __init__(self, *args, **kw):
        iterable, r = _bind("permutations", args, kw, ("iterable", "r"), 1)
        pool = tuple(iterable)
        n = len(pool)
        if r is _NONE or r is None:
            r = n
        elif not isinstance(r, int):
            raise TypeError("Expected int as r")
        if r < 0:
            raise ValueError("r must be non-negative")
        self._pool = pool
        self._r = r
        self._idx = list(range(n)) if r <= n else None
        self._cycles = list(range(n, n - r, -1))
        self._first = True

    __iter__ = _self

    def __next__(self):
        idx = self._idx
        if idx is None:
            raise StopIteration
        pool = self._pool
        r = self._r
        if self._first:
            self._first = False
        else:
            n = len(pool)
            cycles = self._cycles
            i = r - 1
            while i >= 0:
                c = cycles[i] - 1
                if c:
                    cycles[i] = c
                    j = n - c
                    idx[i], idx[j] = idx[j], idx[i]
                    break
                idx.append(idx.pop(i))
                cycles[i] = n - i
                i -= 1
            if i < 0:
                self._idx = None
                raise StopIteration
        return tuple([pool[k] for k in idx[:r]])


class combinations:
    """combinations(iterable, r) -> successive r-length combinations of iterable's items."""

    def __init__(self, *args, **kw):
        iterable, r = _bind("combinations", args, kw, ("iterable", "r"), 2)
        pool = tuple(iterable)
        r = _index(r)
        if r < 0:
            raise ValueError("r must be non-negative")
        self._pool = pool
        self._r = r
        self._idx = list(range(r)) if r <= len(pool) else None
        self._first = True

    __iter__ = _self

    def __next__(self):
        idx = self._idx
        if idx is None:
            raise StopIteration
        pool = self._pool
        if self._first:
            self._first = False
        else:
            r = self._r
            top = len(pool) - r
            i = r - 1
            while i >= 0 and idx[i] == i + top:
                i -= 1
            if i < 0:
                self._idx = None
                raise StopIteration
            v = idx[i]
            for j in range(i, r):
                v += 1
                idx[j] = v
        return tuple([pool[k] for k in idx])


class combinations_with_replacement:
    """combinations_with_replacement(iterable, r) -> r-length combinations, items repeatable."""

    def __init__(self, *args, **kw):
        iterable, r = _bind("combinations_with_replacement", args, kw, ("iterable", "r"), 2)
        pool = tuple(iterable)
        r = _index(r)
        if r < 0:
            raise ValueError("r must be non-negative")
        self._pool = pool
        self._r = r
        self._idx = [0] * r if pool or not r else None
        self._first = True

    __iter__ = _self

    def __next__(self):
        idx = self._idx
        if idx is None:
            raise StopIteration
        pool = self._pool
        if self._first:
            self._first = False
        else:
            r = self._r
            last = len(pool) - 1
            i = r - 1
            while i >= 0 and idx[i] == last:
                i -= 1
            if i < 0:
                self._idx = None
                raise StopIteration
            v = idx[i] + 1
            for j in range(i, r):
                idx[j] = v
        return tuple([pool[k] for k in idx])
