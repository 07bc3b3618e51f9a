import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GraphSnapshot, SavedValue } from '../../src/index.js';

/** The repo's copy of `../shared/pytorch-reference` (see reference/README.md). */
export const REFERENCE_DIR = fileURLToPath(new URL('../../../../reference/pytorch-reference/', import.meta.url));

export type RecordedNumber = number | 'nan' | 'inf' | '-inf';

export type RecordedSaved =
  | null
  | number
  | boolean
  | string
  | (number | boolean | string)[]
  | { tensor: number[]; dtype: string }
  | { tensors: ({ tensor: number[]; dtype: string } | null)[] }
  | { freed: true };

export interface RecordedNode {
  id: number;
  name: string;
  next: [number | null, number][];
  variable?: { param: string | null; shape: number[]; dtype: string };
  saved: Record<string, RecordedSaved>;
}

export interface RecordedTensor {
  is_leaf: boolean;
  requires_grad: boolean;
  dtype: string;
  shape: number[];
  grad_fn: string | null;
  data: RecordedNumber[];
  grad?: RecordedNumber[] | null;
  grad_warning?: boolean;
}

export interface Scenario {
  id: string;
  code: string;
  about?: string;
  backward: boolean;
  outputs?: string[];
  params?: string[];
  graph?: {
    roots: { grad_fn: number | null; shape: number[]; dtype: string; requires_grad: boolean }[];
    nodes: RecordedNode[];
  };
  tensors?: Record<string, RecordedTensor>;
  error?: { type: string; message: string; at: 'forward' | 'backward' | 'second backward' };
  second_backward?: string;
}

export interface ScenarioFile {
  recorded_with: string;
  scenarios: Scenario[];
}

export interface TorchvizDrawing {
  nodes: { key: string; label: string; fillcolor: string }[];
  edges: { from: string; to: string; attrs: string }[];
}

export interface TorchvizFile {
  recorded_with: string;
  scenarios: { id: string; default: TorchvizDrawing; attrs_saved: TorchvizDrawing }[];
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(`${REFERENCE_DIR}${name}`, 'utf8')) as T;
}

export const loadScenarios = (): ScenarioFile => load<ScenarioFile>('scenarios.json');
export const loadTorchviz = (): TorchvizFile => load<TorchvizFile>('torchviz.json');

/** PyTorch 2.x names recorded in place of 1.13's, as `recorded_with` lists them: `{'ReshapeAliasBackward0': 'ViewBackward0'}`. */
export function nodeRenames(file: ScenarioFile): Record<string, string> {
  const match = /\{([^}]*)\}/.exec(file.recorded_with);
  const renames: Record<string, string> = {};
  for (const pair of match?.[1]?.split(',') ?? []) {
    const [from, to] = pair.split(':').map((s) => s.trim().replace(/^'|'$/g, ''));
    if (from && to) renames[from] = to;
  }
  return renames;
}

const UINT64 = 2n ** 64n;

/** PyTorch 1.13 exposes negative saved ints (ignore_index=-100, dim=-1) as unsigned 64-bit. */
export function asExposedInt(value: number): number {
  return value < 0 ? Number(UINT64 + BigInt(value)) : value;
}

/** A snapshot's saved value as the recording scripts write it. */
export function savedAsRecorded(value: SavedValue, graph: GraphSnapshot): RecordedSaved {
  const tensorOf = (id: number) => {
    const t = graph.tensors[id]!;
    return { tensor: [...t.shape], dtype: t.dtype };
  };
  switch (value.type) {
    case 'none':
      return null;
    case 'tensor':
      // record.py writes any saved value it cannot read as freed: released, or modified in place.
      return value.modified ? { freed: true } : tensorOf(value.tensor);
    case 'tensors':
      return { tensors: value.tensors.map((id) => (id === null ? null : tensorOf(id))) };
    case 'int':
      return asExposedInt(value.value);
    case 'ints':
      return value.value.map(asExposedInt);
    default:
      return value.value;
  }
}
