import { defaultFloatDType, isFloatingPoint, torchName } from './dtype.js';
import { argumentTypeError, readOptions } from './errors.js';
import { contiguousValues } from './ops/strided.js';
import type { Tensor } from './tensor.js';

/** PyTorch's print options (`torch.set_printoptions`). */
export interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  sciMode: boolean | null;
}

const printOptions: PrintOptions = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sciMode: null };

/** `torch.set_printoptions`: only the options given change; each is checked as PyTorch checks it. */
export function setPrintOptions(options: Partial<PrintOptions>): void {
  const given = readOptions(options, 'setPrintOptions()', Object.keys(printOptions), '{ precision: 2 }');
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    // threshold may be Infinity (print everything), as float('inf') is in PyTorch.
    const wrong = key === 'sciMode' ? value !== null && typeof value !== 'boolean' : typeof value !== 'number' || Number.isNaN(value) || (key === 'precision' && !Number.isInteger(value));
    if (wrong) throw argumentTypeError('setPrintOptions()', key, key === 'sciMode' ? 'bool or None' : key === 'precision' ? 'int' : 'Number', value);
  }
  Object.assign(printOptions, given);
}

/** Python's `'{:.Nf}'.format(x)`: round half to even on the exact binary value, as Python does. */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const text = isExactTie(x, digits) ? roundTieToEven(x, digits) : x.toFixed(digits);
  return Object.is(x, -0) ? `-${text}` : text;
}

/** Python's `'{:.Ne}'.format(x)`: two-digit exponent at least (`1.0000e+05`). */
export function formatExponential(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const [mantissa, exponent] = x.toExponential(digits).split('e') as [string, string];
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

// JS rounds exact ties away from zero, Python to even; a tie is exact only for a dyadic value,
// so compare in exact integers: |x| = mantissa * 2^exponent.
function decompose(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  return biased === 0 ? { mantissa: fraction, exponent: -1074 } : { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

function scaledParts(x: number, digits: number): { numerator: bigint; denominator: bigint } {
  const { mantissa, exponent } = decompose(x);
  const numerator = mantissa * 10n ** BigInt(digits) * (exponent > 0 ? 1n << BigInt(exponent) : 1n);
  return { numerator, denominator: exponent < 0 ? 1n << BigInt(-exponent) : 1n };
}

function isExactTie(x: number, digits: number): boolean {
  const { numerator, denominator } = scaledParts(x, digits);
  return denominator > 1n && numerator % denominator === denominator / 2n;
}

function roundTieToEven(x: number, digits: number): string {
  const { numerator, denominator } = scaledParts(x, digits);
  let n = numerator / denominator;
  if (n % 2n === 1n) n += 1n;
  const text = n.toString().padStart(digits + 1, '0');
  const fixed = digits > 0 ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
  return x < 0 ? `-${fixed}` : fixed;
}

/** PyTorch's `_Formatter`: picks integer, fixed or scientific mode and one width for all elements. */
class ElementFormatter {
  readonly #floating: boolean;
  readonly #text: (value: number) => string;
  #intMode = true;
  #sciMode = false;
  #width = 1;

  constructor(values: ArrayLike<number>, floating: boolean, boolean: boolean) {
    this.#floating = floating;
    this.#text = boolean ? (v) => (v !== 0 ? 'True' : 'False') : String;
    const { precision } = printOptions;
    if (!floating) {
      for (let i = 0; i < values.length; i++) this.#width = Math.max(this.#width, this.#text(values[i]!).length);
      return;
    }
    const finite: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (Number.isFinite(v) && v !== 0) finite.push(v);
    }
    if (finite.length > 0) {
      let min = Number.POSITIVE_INFINITY;
      let max = 0;
      for (const v of finite) {
        min = Math.min(min, Math.abs(v));
        max = Math.max(max, Math.abs(v));
        if (v !== Math.ceil(v)) this.#intMode = false;
      }
      if (this.#intMode) {
        if (max / min > 1000 || max > 1e8) {
          this.#sciMode = true;
          for (const v of finite) this.#width = Math.max(this.#width, formatExponential(v, precision).length);
        } else {
          for (const v of finite) this.#width = Math.max(this.#width, formatFixed(v, 0).length + 1);
        }
      } else if (max / min > 1000 || max > 1e8 || min < 1e-4) {
        this.#sciMode = true;
        for (const v of finite) this.#width = Math.max(this.#width, formatExponential(v, precision).length);
      } else {
        for (const v of finite) this.#width = Math.max(this.#width, formatFixed(v, precision).length);
      }
    }
    if (printOptions.sciMode !== null) this.#sciMode = printOptions.sciMode;
  }

  get width(): number {
    return this.#width;
  }

  format(value: number): string {
    let text: string;
    if (!this.#floating) text = this.#text(value);
    else if (this.#sciMode) text = formatExponential(value, printOptions.precision);
    else if (this.#intMode) text = formatFixed(value, 0) + (Number.isFinite(value) ? '.' : '');
    else text = formatFixed(value, printOptions.precision);
    return text.padStart(this.#width);
  }
}

/** Row-major values and shape, with the middle of long dims cut to `edgeitems` on each side. */
interface Block {
  readonly values: ArrayLike<number>;
  readonly shape: readonly number[];
}

function summarizedValues(block: Block): number[] {
  // Which indices survive along each dim, then gather them (iteratively over the rank).
  const { edgeitems } = printOptions;
  const keep = block.shape.map((d) =>
    d > 2 * edgeitems ? [...Array(edgeitems).keys(), ...Array.from({ length: edgeitems }, (_, i) => d - edgeitems + i)] : [...Array(d).keys()],
  );
  let offsets = [0];
  block.shape.forEach((_, axis) => {
    const stride = block.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    offsets = offsets.flatMap((o) => keep[axis]!.map((i) => o + i * stride));
  });
  return offsets.map((o) => block.values[o]!);
}

/** The bracketed body of the repr, built innermost dimension first (no recursion). */
function tensorBody(block: Block, fullShape: readonly number[], indent: number, summarize: boolean, formatter: ElementFormatter): string {
  const { shape } = block;
  const { edgeitems, linewidth } = printOptions;
  if (shape.length === 0) return formatter.format(block.values[0]!);
  const ndim = shape.length;
  // Summarized blocks already hold only the edge items of a long dim; put '...' between them.
  const cut = (dim: number) => summarize && fullShape[dim]! > 2 * edgeitems;

  const rowLength = shape[ndim - 1]!;
  const rowIndent = indent + ndim - 1;
  const perLine = Math.max(1, Math.floor((linewidth - rowIndent) / (formatter.width + 2)));
  let parts: string[] = [];
  for (let start = 0; start < block.values.length; start += rowLength) {
    const row = Array.from({ length: rowLength }, (_, i) => formatter.format(block.values[start + i]!));
    const items = cut(ndim - 1) ? [...row.slice(0, edgeitems), ' ...', ...row.slice(edgeitems)] : row;
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
    parts.push(`[${lines.join(`,\n${' '.repeat(rowIndent + 1)}`)}]`);
  }
  for (let d = ndim - 2; d >= 0; d--) {
    const childCount = shape[d]!;
    const separator = `,${'\n'.repeat(ndim - 1 - d)}${' '.repeat(indent + d + 1)}`;
    const grouped: string[] = [];
    for (let i = 0; i < parts.length; i += childCount) {
      const children = parts.slice(i, i + childCount);
      const shown = cut(d) ? [...children.slice(0, edgeitems), '...', ...children.slice(edgeitems)] : children;
      grouped.push(`[${shown.join(separator)}]`);
    }
    parts = grouped;
  }
  return parts[0]!;
}

function addSuffixes(body: string, suffixes: string[], indent: number): string {
  let out = body;
  let lastLineLength = body.length - body.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLength + suffix.length + 2 > printOptions.linewidth) {
      out += `,\n${' '.repeat(indent)}${suffix}`;
      lastLineLength = indent + suffix.length;
    } else {
      out += `, ${suffix}`;
      lastLineLength += suffix.length + 2;
    }
  }
  return `${out})`;
}

/** PyTorch's repr of a tensor: `tensor([1., 2.], requires_grad=True)`. */
export function formatTensor(t: Tensor, prefix = 'tensor('): string {
  const indent = prefix.length;
  const suffixes: string[] = [];
  const hasDefaultDType = t.dtype === defaultFloatDType || t.dtype === 'int64' || t.dtype === 'bool';
  let body: string;
  if (t.numel() === 0) {
    if (t.ndim !== 1) suffixes.push(`size=(${t.shape.join(', ')})`);
    if (t.dtype !== defaultFloatDType) suffixes.push(`dtype=${torchName(t.dtype)}`);
    body = '[]';
  } else {
    if (!hasDefaultDType) suffixes.push(`dtype=${torchName(t.dtype)}`);
    const block: Block = { values: contiguousValues(t), shape: t.shape };
    const summarize = t.numel() > printOptions.threshold;
    const shown = summarize ? summarizedValues(block) : block.values;
    const formatter = new ElementFormatter(shown, isFloatingPoint(t.dtype), t.dtype === 'bool');
    const shownShape = summarize ? t.shape.map((d) => Math.min(d, 2 * printOptions.edgeitems)) : t.shape;
    body = tensorBody({ values: shown, shape: shownShape }, t.shape, indent, summarize, formatter);
  }
  if (t.gradFn) suffixes.push(`grad_fn=<${t.gradFn.name()}>`);
  else if (t.requiresGrad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + body, suffixes, indent);
}
