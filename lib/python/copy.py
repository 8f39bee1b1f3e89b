"""Shallow and deep copy operations (Molt's copy module).

copy(x) returns a shallow copy of x, deepcopy(x) a deep one. A class can control
copying by defining __copy__() and __deepcopy__(memo), or __getstate__/__setstate__,
__getnewargs__ or __reduce__/__reduce_ex__ as for pickling.
"""


class Error(Exception):
    pass


error = Error

__all__ = ["Error", "copy", "deepcopy"]


def _function():
    pass


class _C:
    def _m(self):
        pass


_atomic = {type(None), type(...), type(NotImplemented), int, float, bool, str, bytes,
           type, range, type(_function), type(len), property}
_shallow_atomic = _atomic | {tuple, frozenset, slice}
_method_type = type(_C()._m)
del _function, _C


def copy(x):
    """Shallow copy operation on arbitrary Python objects."""
    cls = type(x)
    if cls in _shallow_atomic:
        return x
    if cls is list or cls is dict or cls is set or cls is bytearray:
        return x.copy()
    if issubclass(cls, type):
        return x
    copier = getattr(cls, "__copy__", None)
    if copier is not None:
        return copier(x)
    rv = _reduce(x, cls)
    if isinstance(rv, str):
        return x
    return _reconstruct(x, None, *rv)


def deepcopy(x, memo=None, _nil=[]):
    """Deep copy operation on arbitrary Python objects."""
    if memo is None:
        memo = {}
    d = id(x)
    y = memo.get(d, _nil)
    if y is not _nil:
        return y
    cls = type(x)
    if cls in _atomic or issubclass(cls, type):
        y = x
    elif cls is list:
        y = []
        memo[d] = y
        for a in x:
            y.append(deepcopy(a, memo))
    elif cls is dict:
        y = {}
        memo[d] = y
        for k, v in x.items():
            y[deepcopy(k, memo)] = deepcopy(v, memo)
    elif cls is tuple:
        y = [deepcopy(a, memo) for a in x]
        # A tuple reached again through its own items was copied meanwhile.
        if d in memo:
            return memo[d]
        y = x if all(a is b for a, b in zip(x, y)) else tuple(y)
    elif cls is _method_type:
        y = getattr(deepcopy(x.__self__, memo), x.__func__.__name__)
    else:
        copier = getattr(x, "__deepcopy__", None)
        if copier is not None:
            y = copier(memo)
        else:
            rv = _reduce(x, cls)
            if isinstance(rv, str):
                return x
            y = _reconstruct(x, memo, *rv)
    if y is not x:
        memo[d] = y
        # Keep x alive so that its id is not reused while memo is in use.
        try:
            memo[id(memo)].append(x)
        except KeyError:
            memo[id(memo)] = [x]
    return y


def _reduce(x, cls):
    """What x.__reduce_ex__(4) gives in CPython, for the objects Molt can copy."""
    if cls is set or cls is frozenset:
        return cls, (list(x),), None
    if cls is bytearray:
        return cls, (bytes(x),), None
    if cls is slice:
        return cls, (x.start, x.stop, x.step)
    reductor = getattr(cls, "__reduce_ex__", None)
    if reductor is not None and reductor is not getattr(object, "__reduce_ex__", None):
        return reductor(x, 4)
    reductor = getattr(cls, "__reduce__", None)
    if reductor is not None and reductor is not getattr(object, "__reduce__", None):
        return reductor(x)
    base = object
    for c in cls.__mro__:
        if c.__module__ == "builtins":
            base = c
            break
    if issubclass(base, BaseException):
        state = vars(x)
        return cls, x.args, state if state else None
    if base is not object:
        raise TypeError(f"cannot pickle {cls.__name__!r} object")
    getnewargs = getattr(cls, "__getnewargs__", None)
    args = () if getnewargs is None else getnewargs(x)
    getstate = getattr(cls, "__getstate__", None)
    if getstate is not None:
        return _newobj, (cls,) + tuple(args), getstate(x)
    state = getattr(x, "__dict__", None) or None
    slots = {}
    for c in cls.__mro__:
        names = getattr(c, "__dict__", {}).get("__slots__", ())
        for name in (names,) if isinstance(names, str) else names:
            if name != "__dict__" and name != "__weakref__":
                if name.startswith("__") and not name.endswith("__"):
                    name = "_" + c.__name__.lstrip("_") + name
                if hasattr(x, name):
                    slots[name] = getattr(x, name)
    if slots:
        state = (state, slots)
    return _newobj, (cls,) + tuple(args), state


def _newobj(cls, *args):
    return cls.__new__(cls, *args)


def _reconstruct(x, memo, func, args, state=None, listiter=None, dictiter=None):
    deep = memo is not None
    if deep and args:
        args = deepcopy(args, memo)
    y = func(*args)
    if deep:
        memo[id(x)] = y
    if state is not None:
        if deep:
            state = deepcopy(state, memo)
        setstate = getattr(y, "__setstate__", None)
        if setstate is not None:
            setstate(state)
        elif isinstance(y, BaseException):
            for k, v in state.items():
                setattr(y, k, v)
        else:
            slotstate = None
            if isinstance(state, tuple) and len(state) == 2:
                state, slotstate = state
            if state:
                y.__dict__.update(state)
            if slotstate:
                for k, v in slotstate.items():
                    setattr(y, k, v)
    if listiter is not None:
        for item in listiter:
            y.append(deepcopy(item, memo) if deep else item)
    if dictiter is not None:
        for k, v in dictiter:
            if deep:
                k = deepcopy(k, memo)
                v = deepcopy(v, memo)
            y[k] = v
    return y
