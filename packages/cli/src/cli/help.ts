import { DEFAULT_TIMEOUT_SECONDS } from './load.js';

/** The text of `gradviz --help`: every command, input, format and option. */
export const HELP = `gradviz: draws an autograd graph, as torchviz does, and shows why a gradient did not arrive.
No Graphviz needed: layout, SVG, PNG and HTML are all made here.

Usage:
  gradviz render <file> [--out <path>] [options]
  gradviz explain <file> [--param <name>] [--json] [options]
  gradviz --help

<file> is one of:
  a module (.ts .mts .cts .js .mjs .cjs) whose default export is a tensor, an array of
    tensors, or { outputs, params, options }: the outputs to draw from, names for tensors
    (an object, a Map or namedParameters()), and makeDot's options (showAttrs, showSaved,
    maxAttrChars, rankdir, theme, sourceRoot). A module is code: gradviz runs it, in a
    process of its own; what it prints goes to stderr, never into the picture;
  a snapshot .json: a bare snapshot (the engine's snapshot(), or one exported by another
    tool), or the JSON that gradviz writes (makeDot().toJSON(), gradviz render --out x.json).

Commands:
  render    Draws the graph into --out, in the format its extension names:
              .svg        standalone SVG
              .png        PNG at twice the SVG's size, with a bundled font
              .dot, .gv   Graphviz source with torchviz's attributes
              .json       snapshot, graph, layout and diagnostics
              .html       interactive page in one self-contained file (works offline):
                          pan and zoom, hover for details, click to follow a path, search
            Without --out, writes the SVG to standard output.
  explain   Prints the diagnostics: why each named tensor's gradient does or does not
            arrive, and the fix.

Options:
  -o, --out <path>          render: the file to write; its folder is created if needed
      --show-attrs          torchviz's show_attrs: saved values as a table in each node
      --show-saved          torchviz's show_saved: saved tensors as orange boxes
      --max-attr-chars <n>  torchviz's max_attr_chars (default 50)
      --rankdir <dir>       TB (default: leaves at the top), BT, LR or RL
      --depth <n>           levels of groups (module calls; repeats and parts gradviz
                            adds to long runs) drawn unfolded, the rest folded into one
                            box each; 'flat' draws every box, as torchviz (default: flat
                            up to 200 boxes, 2,000 without modules; else as deep as
                            keeps about 150 boxes)
      --param <name>        explain: only why <name>.grad is or is not filled
      --json                explain: print { findings, explanations } as JSON, for
                            programs (the Python package reads it)
      --timeout <seconds>   how long a module may take to load and export its graph
                            (default ${DEFAULT_TIMEOUT_SECONDS})
  -h, --help                this text

Options on the command line override the module's own options.
A layout too large to run in-process goes to a worker thread; its progress goes to stderr.

Exit status: 0 done; 1 the file could not be read, drawn or written; 2 wrong command line.

Examples:
  gradviz render examples/blog-graph.ts --out blog.svg
  gradviz render examples/blog-graph.ts --out blog.html
  gradviz render graph.snapshot.json --out graph.png --rankdir LR --show-saved
  gradviz explain examples/blog-graph.ts --param x
`;
