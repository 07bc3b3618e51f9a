/** A reader for the DOT that `toDot` writes (one statement per line), for tests. */
export interface DotStatement {
  readonly id: string;
  readonly attrs: Record<string, string>;
}

export interface ParsedDot {
  readonly nodes: DotStatement[];
  readonly edges: { from: string; to: string; attrs: Record<string, string> }[];
  readonly graph: Record<string, string>;
}

const QUOTED = /"((?:[^"\\]|\\.)*)"/;

function unquote(text: string): string {
  return text.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseAttrs(text: string | undefined): Record<string, string> {
  const attrs: Record<string, string> = {};
  const pattern = new RegExp(`([a-z]+)=(?:${QUOTED.source}|([^\\s\\]]+))`, 'g');
  for (const m of (text ?? '').matchAll(pattern)) attrs[m[1]!] = m[2] !== undefined ? unquote(m[2]) : m[3]!;
  return attrs;
}

export function parseDot(dot: string): ParsedDot {
  const parsed: ParsedDot = { nodes: [], edges: [], graph: {} };
  for (const line of dot.split('\n').map((l) => l.trim())) {
    const edge = new RegExp(`^${QUOTED.source} -> ${QUOTED.source}(?: \\[(.*)\\])?$`).exec(line);
    if (edge) {
      parsed.edges.push({ from: unquote(edge[1]!), to: unquote(edge[2]!), attrs: parseAttrs(edge[3]) });
      continue;
    }
    const node = new RegExp(`^${QUOTED.source} \\[(.*)\\]$`).exec(line);
    if (node) parsed.nodes.push({ id: unquote(node[1]!), attrs: parseAttrs(node[2]) });
    else if (line.startsWith('graph [')) Object.assign(parsed.graph, parseAttrs(line.slice(7, -1)));
  }
  return parsed;
}
