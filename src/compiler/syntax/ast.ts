/**
 * Python 3.11 abstract syntax tree, node for node and field for field as CPython's `ast`
 * module, so that `dump()` can reproduce `ast.dump(..., include_attributes=True)` exactly and
 * later stages can be checked against CPython.
 *
 * Field names keep CPython's spelling (`col_offset`, `end_lineno`, ...). Every node carries a
 * `nodeType` discriminant holding its CPython class name. Enumerations with no fields
 * (operators, expression contexts) are plain string literals.
 */

/** Source position: 1-based lines, 0-based UTF-8 byte columns, as CPython. */
export interface Located {
  lineno: number;
  col_offset: number;
  end_lineno: number;
  end_col_offset: number;
}

// ---------------------------------------------------------------------------------------------
// Constant values

/** The imaginary part of a complex literal such as `2j`. */
export class Imaginary {
  constructor(readonly imag: number) {}
}

/**
 * A str constant with surrogate code points next to each other (`"\ud834\udd1e"`): two code
 * points in Python, which a JS string would fuse into one character.
 */
export class SurrogateStr {
  constructor(readonly codePoints: readonly number[]) {}
}

/** The `...` singleton. */
export const Ellipsis: unique symbol = Symbol("Ellipsis");

/**
 * A Python constant: None, bool, int (always a bigint, so arbitrary precision needs no second
 * case), float, complex, str, bytes or Ellipsis.
 */
export type ConstantValue =
  | null
  | boolean
  | bigint
  | number
  | Imaginary
  | string
  | SurrogateStr
  | Uint8Array
  | typeof Ellipsis;

// ---------------------------------------------------------------------------------------------
// Enumerations

export type ExprContext = "Load" | "Store" | "Del";
export type BoolOperator = "And" | "Or";
export type Operator =
  | "Add" | "Sub" | "Mult" | "MatMult" | "Div" | "Mod" | "Pow"
  | "LShift" | "RShift" | "BitOr" | "BitXor" | "BitAnd" | "FloorDiv";
export type UnaryOperator = "Invert" | "Not" | "UAdd" | "USub";
export type CmpOperator = "Eq" | "NotEq" | "Lt" | "LtE" | "Gt" | "GtE" | "Is" | "IsNot" | "In" | "NotIn";

// ---------------------------------------------------------------------------------------------
// Modules

export interface Module { nodeType: "Module"; body: Stmt[]; type_ignores: TypeIgnore[] }
export interface Interactive { nodeType: "Interactive"; body: Stmt[] }
export interface Expression { nodeType: "Expression"; body: Expr }
export interface FunctionType { nodeType: "FunctionType"; argtypes: Expr[]; returns: Expr }
export type Mod = Module | Interactive | Expression | FunctionType;

export interface TypeIgnore { nodeType: "TypeIgnore"; lineno: number; tag: string }

// ---------------------------------------------------------------------------------------------
// Statements

export interface FunctionDef extends Located {
  nodeType: "FunctionDef";
  name: string; args: Arguments; body: Stmt[]; decorator_list: Expr[];
  returns: Expr | null; type_comment: string | null;
}
export interface AsyncFunctionDef extends Located {
  nodeType: "AsyncFunctionDef";
  name: string; args: Arguments; body: Stmt[]; decorator_list: Expr[];
  returns: Expr | null; type_comment: string | null;
}
export interface ClassDef extends Located {
  nodeType: "ClassDef";
  name: string; bases: Expr[]; keywords: Keyword[]; body: Stmt[]; decorator_list: Expr[];
}
export interface Return extends Located { nodeType: "Return"; value: Expr | null }
export interface Delete extends Located { nodeType: "Delete"; targets: Expr[] }
export interface Assign extends Located {
  nodeType: "Assign"; targets: Expr[]; value: Expr; type_comment: string | null;
}
export interface AugAssign extends Located { nodeType: "AugAssign"; target: Expr; op: Operator; value: Expr }
export interface AnnAssign extends Located {
  nodeType: "AnnAssign"; target: Expr; annotation: Expr; value: Expr | null; simple: number;
}
export interface For extends Located {
  nodeType: "For"; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[]; type_comment: string | null;
}
export interface AsyncFor extends Located {
  nodeType: "AsyncFor"; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[]; type_comment: string | null;
}
export interface While extends Located { nodeType: "While"; test: Expr; body: Stmt[]; orelse: Stmt[] }
export interface If extends Located { nodeType: "If"; test: Expr; body: Stmt[]; orelse: Stmt[] }
export interface With extends Located {
  nodeType: "With"; items: WithItem[]; body: Stmt[]; type_comment: string | null;
}
export interface AsyncWith extends Located {
  nodeType: "AsyncWith"; items: WithItem[]; body: Stmt[]; type_comment: string | null;
}
export interface Match extends Located { nodeType: "Match"; subject: Expr; cases: MatchCase[] }
export interface Raise extends Located { nodeType: "Raise"; exc: Expr | null; cause: Expr | null }
export interface Try extends Located {
  nodeType: "Try"; body: Stmt[]; handlers: ExceptHandler[]; orelse: Stmt[]; finalbody: Stmt[];
}
export interface TryStar extends Located {
  nodeType: "TryStar"; body: Stmt[]; handlers: ExceptHandler[]; orelse: Stmt[]; finalbody: Stmt[];
}
export interface Assert extends Located { nodeType: "Assert"; test: Expr; msg: Expr | null }
export interface Import extends Located { nodeType: "Import"; names: Alias[] }
export interface ImportFrom extends Located {
  nodeType: "ImportFrom"; module: string | null; names: Alias[]; level: number;
}
export interface Global extends Located { nodeType: "Global"; names: string[] }
export interface Nonlocal extends Located { nodeType: "Nonlocal"; names: string[] }
export interface ExprStmt extends Located { nodeType: "Expr"; value: Expr }
export interface Pass extends Located { nodeType: "Pass" }
export interface Break extends Located { nodeType: "Break" }
export interface Continue extends Located { nodeType: "Continue" }

export type Stmt =
  | FunctionDef | AsyncFunctionDef | ClassDef | Return | Delete | Assign | AugAssign | AnnAssign
  | For | AsyncFor | While | If | With | AsyncWith | Match | Raise | Try | TryStar | Assert
  | Import | ImportFrom | Global | Nonlocal | ExprStmt | Pass | Break | Continue;

// ---------------------------------------------------------------------------------------------
// Expressions

export interface BoolOp extends Located { nodeType: "BoolOp"; op: BoolOperator; values: Expr[] }
export interface NamedExpr extends Located { nodeType: "NamedExpr"; target: Expr; value: Expr }
export interface BinOp extends Located { nodeType: "BinOp"; left: Expr; op: Operator; right: Expr }
export interface UnaryOp extends Located { nodeType: "UnaryOp"; op: UnaryOperator; operand: Expr }
export interface Lambda extends Located { nodeType: "Lambda"; args: Arguments; body: Expr }
export interface IfExp extends Located { nodeType: "IfExp"; test: Expr; body: Expr; orelse: Expr }
/** A `None` key stands for a `**mapping` entry, as in CPython. */
export interface Dict extends Located { nodeType: "Dict"; keys: (Expr | null)[]; values: Expr[] }
export interface SetExpr extends Located { nodeType: "Set"; elts: Expr[] }
export interface ListComp extends Located { nodeType: "ListComp"; elt: Expr; generators: Comprehension[] }
export interface SetComp extends Located { nodeType: "SetComp"; elt: Expr; generators: Comprehension[] }
export interface DictComp extends Located {
  nodeType: "DictComp"; key: Expr; value: Expr; generators: Comprehension[];
}
export interface GeneratorExp extends Located {
  nodeType: "GeneratorExp"; elt: Expr; generators: Comprehension[];
}
export interface Await extends Located { nodeType: "Await"; value: Expr }
export interface Yield extends Located { nodeType: "Yield"; value: Expr | null }
export interface YieldFrom extends Located { nodeType: "YieldFrom"; value: Expr }
export interface Compare extends Located {
  nodeType: "Compare"; left: Expr; ops: CmpOperator[]; comparators: Expr[];
}
export interface Call extends Located { nodeType: "Call"; func: Expr; args: Expr[]; keywords: Keyword[] }
/** `conversion` is -1 for none, else the code point of `s`, `r` or `a`. */
export interface FormattedValue extends Located {
  nodeType: "FormattedValue"; value: Expr; conversion: number; format_spec: Expr | null;
}
export interface JoinedStr extends Located { nodeType: "JoinedStr"; values: Expr[] }
/** `kind` is "u" for a `u"..."` literal and None otherwise. */
export interface Constant extends Located { nodeType: "Constant"; value: ConstantValue; kind: string | null }
export interface Attribute extends Located { nodeType: "Attribute"; value: Expr; attr: string; ctx: ExprContext }
export interface Subscript extends Located { nodeType: "Subscript"; value: Expr; slice: Expr; ctx: ExprContext }
export interface Starred extends Located { nodeType: "Starred"; value: Expr; ctx: ExprContext }
export interface Name extends Located { nodeType: "Name"; id: string; ctx: ExprContext }
export interface List extends Located { nodeType: "List"; elts: Expr[]; ctx: ExprContext }
export interface Tuple extends Located { nodeType: "Tuple"; elts: Expr[]; ctx: ExprContext }
export interface Slice extends Located {
  nodeType: "Slice"; lower: Expr | null; upper: Expr | null; step: Expr | null;
}

export type Expr =
  | BoolOp | NamedExpr | BinOp | UnaryOp | Lambda | IfExp | Dict | SetExpr | ListComp | SetComp
  | DictComp | GeneratorExp | Await | Yield | YieldFrom | Compare | Call | FormattedValue
  | JoinedStr | Constant | Attribute | Subscript | Starred | Name | List | Tuple | Slice;

// ---------------------------------------------------------------------------------------------
// Auxiliary nodes

export interface Comprehension {
  nodeType: "comprehension"; target: Expr; iter: Expr; ifs: Expr[]; is_async: number;
}
export interface ExceptHandler extends Located {
  nodeType: "ExceptHandler"; type: Expr | null; name: string | null; body: Stmt[];
}
export interface Arguments {
  nodeType: "arguments";
  posonlyargs: Arg[]; args: Arg[]; vararg: Arg | null; kwonlyargs: Arg[];
  /** One entry per `kwonlyargs` entry; None where that argument has no default. */
  kw_defaults: (Expr | null)[];
  kwarg: Arg | null;
  /** Defaults of the last `defaults.length` positional parameters. */
  defaults: Expr[];
}
export interface Arg extends Located {
  nodeType: "arg"; arg: string; annotation: Expr | null; type_comment: string | null;
}
/** `arg` is None for a `**kwargs` argument. */
export interface Keyword extends Located { nodeType: "keyword"; arg: string | null; value: Expr }
export interface Alias extends Located { nodeType: "alias"; name: string; asname: string | null }
export interface WithItem { nodeType: "withitem"; context_expr: Expr; optional_vars: Expr | null }
export interface MatchCase { nodeType: "match_case"; pattern: Pattern; guard: Expr | null; body: Stmt[] }

// ---------------------------------------------------------------------------------------------
// Patterns

export interface MatchValue extends Located { nodeType: "MatchValue"; value: Expr }
export interface MatchSingleton extends Located { nodeType: "MatchSingleton"; value: null | boolean }
export interface MatchSequence extends Located { nodeType: "MatchSequence"; patterns: Pattern[] }
export interface MatchMapping extends Located {
  nodeType: "MatchMapping"; keys: Expr[]; patterns: Pattern[]; rest: string | null;
}
export interface MatchClass extends Located {
  nodeType: "MatchClass"; cls: Expr; patterns: Pattern[]; kwd_attrs: string[]; kwd_patterns: Pattern[];
}
export interface MatchStar extends Located { nodeType: "MatchStar"; name: string | null }
export interface MatchAs extends Located { nodeType: "MatchAs"; pattern: Pattern | null; name: string | null }
export interface MatchOr extends Located { nodeType: "MatchOr"; patterns: Pattern[] }

export type Pattern =
  | MatchValue | MatchSingleton | MatchSequence | MatchMapping | MatchClass | MatchStar | MatchAs | MatchOr;

export type Node =
  | Mod | Stmt | Expr | Pattern | TypeIgnore | Comprehension | ExceptHandler | Arguments | Arg
  | Keyword | Alias | WithItem | MatchCase;

export type NodeType = Node["nodeType"];

// ---------------------------------------------------------------------------------------------
// Schema: field order as CPython's `_fields`, and which fields are optional (`?` in the ASDL,
// omitted by `ast.dump` when None). Position attributes are listed separately because only
// some node kinds have them.

export interface NodeSchema {
  readonly fields: readonly string[];
  readonly optional: ReadonlySet<string>;
  readonly located: boolean;
}

function schema(located: boolean, fields: string, optional = ""): NodeSchema {
  return {
    fields: fields ? fields.split(" ") : [],
    optional: new Set(optional ? optional.split(" ") : []),
    located,
  };
}

export const SCHEMA: { readonly [K in NodeType]: NodeSchema } = {
  Module: schema(false, "body type_ignores"),
  Interactive: schema(false, "body"),
  Expression: schema(false, "body"),
  FunctionType: schema(false, "argtypes returns"),
  TypeIgnore: schema(false, "lineno tag"),

  FunctionDef: schema(true, "name args body decorator_list returns type_comment", "returns type_comment"),
  AsyncFunctionDef: schema(true, "name args body decorator_list returns type_comment", "returns type_comment"),
  ClassDef: schema(true, "name bases keywords body decorator_list"),
  Return: schema(true, "value", "value"),
  Delete: schema(true, "targets"),
  Assign: schema(true, "targets value type_comment", "type_comment"),
  AugAssign: schema(true, "target op value"),
  AnnAssign: schema(true, "target annotation value simple", "value"),
  For: schema(true, "target iter body orelse type_comment", "type_comment"),
  AsyncFor: schema(true, "target iter body orelse type_comment", "type_comment"),
  While: schema(true, "test body orelse"),
  If: schema(true, "test body orelse"),
  With: schema(true, "items body type_comment", "type_comment"),
  AsyncWith: schema(true, "items body type_comment", "type_comment"),
  Match: schema(true, "subject cases"),
  Raise: schema(true, "exc cause", "exc cause"),
  Try: schema(true, "body handlers orelse finalbody"),
  TryStar: schema(true, "body handlers orelse finalbody"),
  Assert: schema(true, "test msg", "msg"),
  Import: schema(true, "names"),
  ImportFrom: schema(true, "module names level", "module level"),
  Global: schema(true, "names"),
  Nonlocal: schema(true, "names"),
  Expr: schema(true, "value"),
  Pass: schema(true, ""),
  Break: schema(true, ""),
  Continue: schema(true, ""),

  BoolOp: schema(true, "op values"),
  NamedExpr: schema(true, "target value"),
  BinOp: schema(true, "left op right"),
  UnaryOp: schema(true, "op operand"),
  Lambda: schema(true, "args body"),
  IfExp: schema(true, "test body orelse"),
  Dict: schema(true, "keys values"),
  Set: schema(true, "elts"),
  ListComp: schema(true, "elt generators"),
  SetComp: schema(true, "elt generators"),
  DictComp: schema(true, "key value generators"),
  GeneratorExp: schema(true, "elt generators"),
  Await: schema(true, "value"),
  Yield: schema(true, "value", "value"),
  YieldFrom: schema(true, "value"),
  Compare: schema(true, "left ops comparators"),
  Call: schema(true, "func args keywords"),
  FormattedValue: schema(true, "value conversion format_spec", "format_spec"),
  JoinedStr: schema(true, "values"),
  Constant: schema(true, "value kind", "kind"),
  Attribute: schema(true, "value attr ctx"),
  Subscript: schema(true, "value slice ctx"),
  Starred: schema(true, "value ctx"),
  Name: schema(true, "id ctx"),
  List: schema(true, "elts ctx"),
  Tuple: schema(true, "elts ctx"),
  Slice: schema(true, "lower upper step", "lower upper step"),

  comprehension: schema(false, "target iter ifs is_async"),
  ExceptHandler: schema(true, "type name body", "type name"),
  arguments: schema(false, "posonlyargs args vararg kwonlyargs kw_defaults kwarg defaults", "vararg kwarg"),
  arg: schema(true, "arg annotation type_comment", "annotation type_comment"),
  keyword: schema(true, "arg value", "arg"),
  alias: schema(true, "name asname", "asname"),
  withitem: schema(false, "context_expr optional_vars", "optional_vars"),
  match_case: schema(false, "pattern guard body", "guard"),

  MatchValue: schema(true, "value"),
  MatchSingleton: schema(true, "value"),
  MatchSequence: schema(true, "patterns"),
  MatchMapping: schema(true, "keys patterns rest", "rest"),
  MatchClass: schema(true, "cls patterns kwd_attrs kwd_patterns"),
  MatchStar: schema(true, "name", "name"),
  MatchAs: schema(true, "pattern name", "pattern name"),
  MatchOr: schema(true, "patterns"),
};
