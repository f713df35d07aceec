/** Kubernetes resource quantities (`64Mi`, `1G`, `500m`, `0.5`) as the engine's bytes and nano-CPUs. */

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, m: 1e-3 };

/** The quantity's value (`64Mi` -> 67108864, `500m` -> 0.5), or undefined when it is not a quantity. */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string') return undefined;
  const m = /^\s*([+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m)?\s*$/.exec(q);
  if (!m) return undefined;
  const value = Number(m[1]);
  const unit = m[2] ?? '';
  const factor = BINARY[unit] ?? DECIMAL[unit];
  return factor === undefined ? undefined : value * factor;
}

/** Memory limit in bytes (whole bytes), or undefined. */
export function memoryBytes(q: unknown): number | undefined {
  const v = parseQuantity(q);
  return v === undefined ? undefined : Math.ceil(v);
}

/** CPU limit in nano-CPUs (`500m` -> 500000000), or undefined. */
export function nanoCpus(q: unknown): number | undefined {
  const v = parseQuantity(q);
  return v === undefined ? undefined : Math.round(v * 1e9);
}
