/** Types shared by the tag modules (re-exported from ./index.ts). */

export interface Tag {
  kind: 'simple' | 'expression';
  /** Text between the braces, trimmed, without the leading `=` for expressions. */
  body: string;
  /** Offsets of `{{` and one past `}}` in the text. */
  start: number;
  end: number;
}

/** Flat variable map, as Argo builds it: `inputs.parameters.x` -> value. */
export type Vars = Record<string, string>;

export interface SubstituteOptions {
  /** Leave tags whose variables are missing as they are (Argo does this in several passes). Default false. */
  allowUnresolved?: boolean;
}
