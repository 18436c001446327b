/** Running recognition rate N_R/N_T and loss against examples trained, sampled for figures. */
export interface Curve {
  examples: number[];
  rate: number[];
  loss: number[];
}

export function emptyCurve(): Curve {
  return { examples: [], rate: [], loss: [] };
}

export function pushPoint(curve: Curve, examples: number, rate: number, loss: number): void {
  const n = curve.examples.length;
  if (n > 0 && curve.examples[n - 1] === examples) return;
  curve.examples.push(examples);
  curve.rate.push(rate);
  curve.loss.push(loss);
}
