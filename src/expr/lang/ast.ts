/** AST of an expr-lang expression. Every node carries `pos`, the offset of its first character in the source. */

export type Node =
  | { kind: 'nil'; pos: number }
  | { kind: 'bool'; pos: number; value: boolean }
  | { kind: 'int'; pos: number; value: number }
  | { kind: 'float'; pos: number; value: number }
  | { kind: 'string'; pos: number; value: string }
  | { kind: 'array'; pos: number; items: Node[] }
  | { kind: 'map'; pos: number; entries: MapEntry[] }
  | { kind: 'ident'; pos: number; name: string }
  /** `#`, `#index`, `#acc` inside a predicate; name is '' for `#`. */
  | { kind: 'pointer'; pos: number; name: string }
  | { kind: 'unary'; pos: number; op: UnaryOp; operand: Node }
  | { kind: 'binary'; pos: number; op: BinaryOp; left: Node; right: Node }
  | { kind: 'conditional'; pos: number; cond: Node; then: Node; else: Node }
  /** `a.b`, `a?.b`, `a['b']`, `a[0]`: property is a node (a string literal for `.b`). */
  | { kind: 'member'; pos: number; object: Node; property: Node; optional: boolean; dotted: boolean }
  | { kind: 'slice'; pos: number; object: Node; from: Node | null; to: Node | null }
  | { kind: 'call'; pos: number; callee: Node; args: Node[] }
  /** A predicate argument of a builtin like filter(): evaluated per element. */
  | { kind: 'closure'; pos: number; body: Node }
  | { kind: 'let'; pos: number; name: string; value: Node; body: Node };

export interface MapEntry {
  key: Node;
  value: Node;
}

export type UnaryOp = 'not' | '-' | '+';

export type BinaryOp =
  | 'or'
  | 'and'
  | '=='
  | '!='
  | '<'
  | '>'
  | '<='
  | '>='
  | 'in'
  | 'not in'
  | 'matches'
  | 'not matches'
  | 'contains'
  | 'not contains'
  | 'startsWith'
  | 'not startsWith'
  | 'endsWith'
  | 'not endsWith'
  | '..'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '**'
  | '??';

export type NodeOf<K extends Node['kind']> = Extract<Node, { kind: K }>;
