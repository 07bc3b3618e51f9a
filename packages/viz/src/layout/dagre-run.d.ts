import type { RankDir } from '../graph.js';

/** What dagre needs: box sizes and edges, nothing drawn. Plain data so it can cross to a worker. */
export interface DagreInput {
  readonly rankdir: RankDir;
  readonly nodesep: number;
  readonly ranksep: number;
  readonly edgesep: number;
  readonly margin: number;
  readonly nodes: readonly { readonly id: string; readonly width: number; readonly height: number }[];
  readonly edges: readonly { readonly from: string; readonly to: string }[];
}

/** dagre's answer in input order: node centres and edge points, margins included. */
export interface DagreOutput {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly { readonly x: number; readonly y: number }[];
  readonly edges: readonly { readonly points: readonly { readonly x: number; readonly y: number }[] }[];
}

export function runDagre(input: DagreInput): DagreOutput;
