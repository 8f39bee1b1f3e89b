// Generators. The compiler turns a generator's body into a resumable function of (generator,
// sent value) (passes/generator-transform.ts): it keeps what lives across a `yield` in the
// generator's frame slots, records which `yield` it stopped at in the state, and returns the
// yielded value. A return from the body marks the generator finished; its value is what
// StopIteration carries.
//
// Layout after the header:
//   +8  u64  the resume function (a function object, owned)
//   +16 u64  frame: a list of slot values (owned): the arguments first, then spilled values
//   +24 i32  state: 0 not started, k > 0 suspended at yield k, -1 finished
//   +28 i32  running
//   +32 u64  an exception to raise at the yield point (throw()), owned, or 0
//   +40 u64  the iterator a `yield from` delegates to (owned) or 0
import { Value, ERR, NONE, EXHAUSTED, UNBOUND, boxPtr, unboxPtr, isNone } from "./value";
import { Kind, OBJECT_TYPE, newObject, freeObject, decrefChild, incref, decref, typeOf, typeName, initType, isObjectOf } from "./object";
import {
  raise, raiseWithValue, raiseWithStr, TypeError, ValueError, RuntimeError, StopIteration, GeneratorExit, exceptionMatchesPending,
  rt_err_clear, rt_err_fetch, rt_err_restore, isException, isExceptionType, setCurrent, reportIgnored,
  handledStackDepth, handledStackTake, handledStackRestore, setCause,
} from "./exceptions";
import { rt_call, rtAllocArgv, rtFreeArgv, argAt, checkPositional, checkOne } from "./call";
import { listNew, listLength, listItem, listAppendSteal } from "./list";
import { construct } from "./builtins";
import { method } from "./methods";
import { Fn } from "./natives";
import { rt_iter_next } from "./iter";
import { rt_getattr } from "./attr";
import { strFromLiteral } from "./str";
import { fmtMsg } from "./format";

const G_FN: usize = 8;
const G_FRAME: usize = 16;
const G_STATE: usize = 24;
const G_RUNNING: usize = 28;
const G_THROW: usize = 32;
const G_DELEGATE: usize = 40;
const G_HANDLED: usize = 48; // u64: exceptions its except clauses were handling when it yielded (list or None)
const G_SIZE: usize = 56;

const TS: i32 = 40;
export const GENERATOR_TYPE = memory.data(TS, 8);

/** The value the last finished generator returned (for StopIteration), owned. */
let lastReturn: Value = NONE;
/** resume() of a generator that had already finished (no StopIteration value). */
const FINISHED: Value = UNBOUND;

export function initGenerators(): void {
  initType(GENERATOR_TYPE, "generator", OBJECT_TYPE, Kind.GENERATOR);
  method(GENERATOR_TYPE, "send", Fn.GEN_SEND);
  method(GENERATOR_TYPE, "throw", Fn.GEN_THROW);
  method(GENERATOR_TYPE, "close", Fn.GEN_CLOSE);
  method(GENERATOR_TYPE, "__next__", Fn.GEN_NEXT);
  method(GENERATOR_TYPE, "__iter__", Fn.ITER_SELF);
}

// @ts-ignore: decorator
@inline function frameOf(g: usize): usize { return unboxPtr(load<u64>(g, G_FRAME)); }

/** A generator running `fn` (the resume function) with the call's arguments (borrowed) as its first slots. */
export function rt_gen_new(fn: Value, argv: usize, n: u32): Value {
  const frame = listNew(0);
  if (frame == 0) return ERR;
  for (let i: u32 = 0; i < n; i++) {
    const v = argAt(argv, i);
    incref(v);
    if (!listAppendSteal(frame, v)) { decref(boxPtr(frame)); return ERR; }
  }
  const g = newObject(GENERATOR_TYPE, G_SIZE);
  if (g == 0) { decref(boxPtr(frame)); return ERR; }
  incref(fn);
  store<u64>(g, fn, G_FN);
  store<u64>(g, boxPtr(frame), G_FRAME);
  store<i32>(g, 0, G_STATE);
  store<i32>(g, 0, G_RUNNING);
  store<u64>(g, 0, G_THROW);
  store<u64>(g, 0, G_DELEGATE);
  store<u64>(g, NONE, G_HANDLED);
  return boxPtr(g);
}

/** Frame slot i as a new reference (UNBOUND if never stored). */
export function rt_gen_load(gv: Value, i: u32): Value {
  const f = frameOf(unboxPtr(gv));
  if (i >= listLength(f)) return UNBOUND;
  const v = listItem(f, i);
  incref(v);
  return v;
}

/** Makes the frame at least n slots long: 0, or -1 with MemoryError. */
export function rt_gen_reserve(gv: Value, n: u32): i32 {
  const f = frameOf(unboxPtr(gv));
  while (listLength(f) < n) {
    if (!listAppendSteal(f, UNBOUND)) return -1;
  }
  return 0;
}

/** Stores v (borrowed) in frame slot i, growing the frame as needed. */
export function rt_gen_store(gv: Value, i: u32, v: Value): i32 {
  const f = frameOf(unboxPtr(gv));
  while (listLength(f) <= i) {
    if (!listAppendSteal(f, UNBOUND)) return -1;
  }
  incref(v);
  const slot = load<u32>(f, 16) + (<usize>i << 3);
  const old = load<u64>(<usize>slot);
  store<u64>(<usize>slot, v);
  decref(old);
  return 0;
}

export function rt_gen_set_state(gv: Value, k: i32): void { store<i32>(unboxPtr(gv), k, G_STATE); }
export function rt_gen_state(gv: Value): i32 { return load<i32>(unboxPtr(gv), G_STATE); }
export function rt_gen_finish(gv: Value): void { store<i32>(unboxPtr(gv), -1, G_STATE); }

/** The value sent in at a resumed yield (borrowed `sent`, returned as a new reference), or ERR for throw(). */
export function rt_gen_sent(gv: Value, sent: Value): Value {
  const g = unboxPtr(gv);
  const exc = load<u64>(g, G_THROW);
  if (exc != 0) {
    store<u64>(g, 0, G_THROW);
    setCurrent(unboxPtr(exc));
    return ERR;
  }
  incref(sent);
  return sent;
}

/**
 * Runs the generator to its next yield: the yielded value, EXHAUSTED when it returns (its
 * value kept for StopIteration), or ERR.
 */
function resume(g: usize, sent: Value): Value {
  const state = load<i32>(g, G_STATE);
  if (load<i32>(g, G_RUNNING) != 0) return raise(ValueError, "generator already executing");
  if (state < 0) {
    const exc = load<u64>(g, G_THROW);
    if (exc != 0) {
      store<u64>(g, 0, G_THROW);
      setCurrent(unboxPtr(exc));
      return ERR;
    }
    return FINISHED;
  }
  if (state == 0 && load<u64>(g, G_THROW) != 0) {
    // Thrown into before it started: it finishes without running.
    store<i32>(g, -1, G_STATE);
    const exc = load<u64>(g, G_THROW);
    store<u64>(g, 0, G_THROW);
    setCurrent(unboxPtr(exc));
    return ERR;
  }
  if (state == 0 && !isNone(sent)) return raise(TypeError, "can't send non-None value to a just-started generator");
  const argv = rtAllocArgv(2);
  if (argv == 0) return ERR;
  store<u64>(argv, boxPtr(g));
  store<u64>(argv + 8, sent);
  store<i32>(g, 1, G_RUNNING);
  // The generator stays alive while it runs, whatever its body drops.
  incref(boxPtr(g));
  // Exceptions its except clauses were handling are handled again while it runs, and only then.
  const base = handledStackDepth();
  const saved = load<u64>(g, G_HANDLED);
  store<u64>(g, NONE, G_HANDLED);
  handledStackRestore(saved);
  const r = rt_call(load<u64>(g, G_FN), argv, 2, NONE);
  store<i32>(g, 0, G_RUNNING);
  const left = handledStackTake(base);
  if (r != ERR && load<i32>(g, G_STATE) > 0) store<u64>(g, left, G_HANDLED);
  else decref(left);
  rtFreeArgv(argv, 2);
  if (r == ERR) {
    store<i32>(g, -1, G_STATE);
    clearFrame(g);
    if (exceptionMatchesPending(StopIteration)) {
      // PEP 479: a StopIteration escaping the body becomes RuntimeError, chained to it.
      const e = rt_err_fetch();
      raise(RuntimeError, "generator raised StopIteration");
      const re = rt_err_fetch();
      // `raise RuntimeError(...) from e`: the StopIteration is the cause as well as the context.
      if (isException(re)) setCause(unboxPtr(re), e);
      chainContext(re, e);
      rt_err_restore(re);
    }
    decref(boxPtr(g));
    return ERR;
  }
  if (load<i32>(g, G_STATE) < 0) {
    clearFrame(g);
    setReturn(r);
    decref(r);
    decref(boxPtr(g));
    return EXHAUSTED;
  }
  decref(boxPtr(g));
  return r;
}

function chainContext(e: Value, context: Value): void {
  const name = strFromLiteral("__context__", true);
  rt_setattrQuiet(e, name, context);
  decref(context);
}

import { rt_setattr } from "./attr";
function rt_setattrQuiet(e: Value, name: usize, v: Value): void {
  if (rt_setattr(e, boxPtr(name), v) < 0) rt_err_clear();
}

/** A finished generator releases what its frame held. */
function clearFrame(g: usize): void {
  const f = load<u64>(g, G_FRAME);
  const empty = listNew(0);
  if (empty == 0) return;
  store<u64>(g, boxPtr(empty), G_FRAME);
  decref(f);
  const d = load<u64>(g, G_DELEGATE);
  if (d != 0) {
    store<u64>(g, 0, G_DELEGATE);
    decref(d);
  }
}

function setReturn(v: Value): void {
  incref(v);
  const old = lastReturn;
  lastReturn = v;
  decref(old);
}

/** StopIteration(value) for the last finished generator (StopIteration() for None). */
export function raiseStop(): Value {
  const v = lastReturn;
  lastReturn = NONE;
  if (isNone(v)) return raiseStopEmpty();
  const r = raiseWithValue(StopIteration, v);
  decref(v);
  return r;
}

function raiseStopEmpty(): Value {
  const e = construct(StopIteration, 0, 0, NONE);
  if (e == ERR) return ERR;
  setCurrent(unboxPtr(e));
  return ERR;
}

/** next(gen) as iteration uses it: value, EXHAUSTED or ERR. */
export function generatorNext(gv: Value): Value {
  const r = resume(unboxPtr(gv), NONE);
  if (r == FINISHED) {
    setReturn(NONE);
    return EXHAUSTED;
  }
  return r;
}

/** What send()/__next__ give: StopIteration(value) when the generator finishes. */
function stepResult(r: Value): Value {
  if (r == FINISHED) return raiseStopEmpty();
  return r == EXHAUSTED ? raiseStop() : r;
}

export function genSend(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkOne("send", argc, kw)) return ERR;
  return stepResult(resume(unboxPtr(self), argAt(argv, 0)));
}

export function genNext(self: Value, argc: u32, kw: Value): Value {
  if (!checkPositional("__next__", argc, kw, 0, 0)) return ERR;
  return stepResult(resume(unboxPtr(self), NONE));
}

/** gen.throw(exc) / gen.throw(type[, value]) */
export function genThrow(self: Value, argv: usize, argc: u32, kw: Value): Value {
  if (!checkPositional("throw", argc, kw, 1, 3)) return ERR;
  let exc = argAt(argv, 0);
  if (isExceptionType(exc)) {
    const v = argc > 1 ? argAt(argv, 1) : NONE;
    exc = isNone(v) ? construct(unboxPtr(exc), 0, 0, NONE) : isException(v) ? newRef(v) : construct(unboxPtr(exc), argv + 8, 1, NONE);
    if (exc == ERR) return ERR;
  } else if (isException(exc)) {
    if (argc > 1 && !isNone(argAt(argv, 1))) return raise(TypeError, "instance exception may not have a separate value");
    incref(exc);
  } else {
    return raiseWithStr(TypeError, fmtMsg("exceptions must be classes or instances deriving from BaseException, not %s", typeName(typeOf(exc))));
  }
  return throwInto(unboxPtr(self), exc);
}

function newRef(v: Value): Value {
  incref(v);
  return v;
}

/** Raises exc (owned) at the generator's yield: the next value it yields, or its exception. */
function throwInto(g: usize, exc: Value): Value {
  const d = load<u64>(g, G_DELEGATE);
  if (d != 0 && load<i32>(g, G_STATE) > 0) {
    // A `yield from` passes the exception on to the iterator it delegates to.
    const r = delegateThrow(d, exc);
    if (r == EXHAUSTED) {
      // The inner generator returned: the outer's `yield from` completes with that value
      // (kept in lastReturn for its next delegate step), and the outer runs on.
      decref(exc);
      store<u64>(g, 0, G_DELEGATE);
      decref(d);
      delegateFinished = true;
      return stepResult(resume(g, NONE));
    }
    if (r != ERR) {
      decref(exc);
      return r;
    }
    decref(exc);
    // The inner iterator raised (or finished): that is what happens at our yield point.
    const e = rt_err_fetch();
    store<u64>(g, e, G_THROW);
    return stepResult(resume(g, NONE));
  }
  store<u64>(g, exc, G_THROW);
  return stepResult(resume(g, NONE));
}

/** inner.throw(exc) if it has one; else exc is raised as is. */
function delegateThrow(inner: Value, exc: Value): Value {
  if (isObjectOf(inner, GENERATOR_TYPE)) {
    incref(exc);
    const r = throwInto(unboxPtr(inner), exc);
    // The inner generator finished: its value is the yield from's result.
    if (r == ERR && exceptionMatchesPending(StopIteration)) return takeStopValue();
    return r;
  }
  incref(exc);
  setCurrent(unboxPtr(exc));
  return ERR;
}

/** Takes the pending StopIteration, keeping its value as the finished iterator's result: EXHAUSTED, or ERR. */
function takeStopValue(): Value {
  const e = rt_err_fetch();
  const v = rt_getattr(e, boxPtr(strFromLiteral("value", true)));
  decref(e);
  if (v == ERR) return ERR;
  setReturn(v);
  decref(v);
  return EXHAUSTED;
}

/** Set when throw() finished the inner generator of a `yield from`: the next delegate step ends it. */
let delegateFinished = false;

export function genClose(self: Value, argc: u32, kw: Value): Value {
  if (!checkPositional("close", argc, kw, 0, 0)) return ERR;
  return closeGen(unboxPtr(self)) ? NONE : ERR;
}

/** close(): GeneratorExit at the yield point; true on success, false with an exception pending. */
function closeGen(g: usize): bool {
  const state = load<i32>(g, G_STATE);
  if (state <= 0) {
    store<i32>(g, -1, G_STATE);
    clearFrame(g);
    return true;
  }
  const d = load<u64>(g, G_DELEGATE);
  if (d != 0 && isObjectOf(d, GENERATOR_TYPE)) {
    if (!closeGen(unboxPtr(d))) {
      // The inner generator's error is raised at our yield point.
      store<u64>(g, rt_err_fetch(), G_THROW);
      const r = resume(g, NONE);
      if (r == ERR) return closeOutcome();
      if (r != EXHAUSTED && r != FINISHED) { decref(r); return ignoredExit(); }
      return true;
    }
  }
  const exc = construct(GeneratorExit, 0, 0, NONE);
  if (exc == ERR) return false;
  store<u64>(g, exc, G_THROW);
  const r = resume(g, NONE);
  if (r == ERR) return closeOutcome();
  if (r == EXHAUSTED || r == FINISHED) return true;
  decref(r);
  return ignoredExit();
}

function closeOutcome(): bool {
  if (exceptionMatchesPending(GeneratorExit) || exceptionMatchesPending(StopIteration)) {
    rt_err_clear();
    return true;
  }
  return false;
}

function ignoredExit(): bool {
  raise(RuntimeError, "generator ignored GeneratorExit");
  return false;
}

/** Dropping a suspended generator closes it (running its finally blocks), as CPython does. */
export function generatorDealloc(g: usize): void {
  if (load<i32>(g, G_STATE) > 0) {
    store<i32>(g, 1, 0);
    const saved = rt_err_fetch();
    if (!closeGen(g)) reportIgnored(boxPtr(g));
    if (saved != NONE) rt_err_restore(saved);
    const rc = load<i32>(g) - 1;
    store<i32>(g, rc);
    if (rc != 0) return;
  }
  decrefChild(load<u64>(g, G_FN));
  decrefChild(load<u64>(g, G_FRAME));
  const t = load<u64>(g, G_THROW);
  if (t != 0) decrefChild(t);
  const d = load<u64>(g, G_DELEGATE);
  if (d != 0) decrefChild(d);
  decrefChild(load<u64>(g, G_HANDLED));
  freeObject(g, G_SIZE);
}

// ---- yield from --------------------------------------------------------------------------------

/**
 * One step of `yield from it`: the next value to yield (it.send(sent), or next(it) for None),
 * or EXHAUSTED when it finished (rt_gen_delegate_result gives its value), or ERR.
 */
export function rt_gen_delegate(gv: Value, it: Value, sent: Value): Value {
  const g = unboxPtr(gv);
  if (delegateFinished) {
    delegateFinished = false;
    return EXHAUSTED;
  }
  const old = load<u64>(g, G_DELEGATE);
  if (old != it) {
    incref(it);
    store<u64>(g, it, G_DELEGATE);
    if (old != 0) decref(old);
  }
  let r: Value;
  if (isObjectOf(it, GENERATOR_TYPE)) {
    r = resume(unboxPtr(it), sent);
    if (r == FINISHED) {
      setReturn(NONE);
      r = EXHAUSTED;
    }
  } else if (isNone(sent)) {
    r = rt_iter_next(it);
    if (r == EXHAUSTED) setReturn(NONE);
  } else {
    const send = rt_getattr(it, boxPtr(strFromLiteral("send", true)));
    if (send == ERR) return ERR;
    const argv = rtAllocArgv(1);
    store<u64>(argv, sent);
    r = rt_call(send, argv, 1, NONE);
    rtFreeArgv(argv, 1);
    decref(send);
    if (r == ERR && exceptionMatchesPending(StopIteration)) r = takeStopValue();
  }
  if (r == EXHAUSTED || r == ERR) {
    const d = load<u64>(g, G_DELEGATE);
    store<u64>(g, 0, G_DELEGATE);
    if (d != 0) decref(d);
  }
  return r;
}

/** The value of a finished `yield from` (new reference). */
export function rt_gen_delegate_result(): Value {
  const v = lastReturn;
  lastReturn = NONE;
  return v;
}

/** iter() for `yield from`: a generator is its own iterator. */
export function isGenerator(v: Value): bool { return isObjectOf(v, GENERATOR_TYPE); }
