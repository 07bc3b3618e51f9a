/**
 * English. Each entry is one sentence or phrase; `{name}` is filled by the code (names, numbers,
 * code in the program's language, PyTorch's own words, other entries). Entries ending in `.one`
 * and `.other` are the same sentence for one and for several.
 */
export const en = {
  // ---- pieces -------------------------------------------------------------------------------
  'list.separator': ', ',
  'list.and': '{first} and {last}',
  'place.file': 'line {line} of {file}',
  'place.cell': 'cell [{cell}], line {line}',
  'at.file': ' on {place}',
  'at.cell': ' in {place}',
  'nodes.more.one': '{count} more node',
  'nodes.more.other': '{count} more nodes',
  'tensor.resultOf': 'the result of {op}{at}',
  'tensor.madeBy': 'the tensor {node} made{at}',
  'tensor.created': 'the tensor {fn} made{at}',
  'tensor.plain': 'a {dtype} tensor of shape {shape}',
  'into.nodes': 'enter {nodes} as a constant',
  'into.output': 'reach the output, which has no {gradFn}',
  'output.number': 'output {index}',
  'inPlace.unknown': 'an in-place op',
  recordHint:
    ' If they are, run that code inside `with gradviz.record():` (in a notebook, every cell after `import gradviz` is recorded) so gradviz can show where the chain was cut.',
  'diagnosis.nothing': 'Nothing stops a gradient: every named tensor is a leaf of this graph that receives its gradient.',

  // ---- cuts ---------------------------------------------------------------------------------
  'cut.summary.one': '{params} gets no gradient: {cut}{at} cut it off from the outputs.',
  'cut.summary.other': '{params} get no gradient: {cut}{at} cut them off from the outputs.',
  'cut.detach.text.one': '{cut}{at} cut the chain: the values of {source} {into}, so backward never reaches {params} and {grads} stays {none}.',
  'cut.detach.text.other': '{cut}{at} cut the chain: the values of {source} {into}, so backward never reaches {params}: {grads} stay {none}.',
  'cut.noGrad.text.one': 'Under {noGrad}{at}, the values computed from {source} {into}, so backward never reaches {params} and {grads} stays {none}.',
  'cut.noGrad.text.other': 'Under {noGrad}{at}, the values computed from {source} {into}, so backward never reaches {params}: {grads} stay {none}.',
  'cut.values.text.one':
    '{cut} took the values of {source} out of the graph as plain numbers, and {tensorFn}(){at} made a new tensor of them, whose values {into}: backward never reaches {params} and {grads} stays {none}.',
  'cut.values.text.other':
    '{cut} took the values of {source} out of the graph as plain numbers, and {tensorFn}(){at} made a new tensor of them, whose values {into}: backward never reaches {params}, and {grads} stay {none}.',
  'cut.tensorOfTensors.text.one':
    '{tensorFn}([...]){at} copied the values of {source} into a new tensor without a graph, whose values {into}: backward never reaches {params} and {grads} stays {none}.',
  'cut.tensorOfTensors.text.other':
    '{tensorFn}([...]){at} copied the values of {source} into a new tensor without a graph, whose values {into}: backward never reaches {params}, and {grads} stay {none}.',
  'cut.nonDifferentiable.text.one':
    '{cut}{at} has no gradient: {source} went into it, and the {dtype} values it gave {into}, so backward never reaches {params} and {grads} stays {none}.',
  'cut.nonDifferentiable.text.other':
    '{cut}{at} has no gradient: {source} went into it, and the {dtype} values it gave {into}, so backward never reaches {params}: {grads} stay {none}.',
  'cut.detach.fix': 'Use {source} itself instead of {cut} where its gradient should flow.',
  'cut.data.fix': 'Use {source} itself instead of {cut}: .data gives the same values without the graph.',
  'cut.noGrad.fix': 'Compute that value outside {noGradBlock} so it stays in the graph.',
  'cut.tensorOfTensors.fix': 'Join the tensors with {stack} (or cat()), which keeps the graph, instead of copying their values into {tensorFn}().',
  'cut.tensorOfTensors.fixCode': 'Join the tensors with {stack}, which keeps the graph, instead of copying their values into {tensorFn}(): {code}.',
  'cut.values.fix': 'Compute with {source} itself: tensor ops keep the graph, while {cut} gives plain numbers that carry no gradient.',
  'cut.nonDifferentiable.fix':
    'Compute the loss from {source} with ops that have a gradient (for a prediction, a loss on the scores, such as cross-entropy); keep {op} for reporting, not for the loss.',
  'partlyCut.summary.one': '{params} gets only part of its gradient: {cut}{at} cuts one of its ways to the outputs.',
  'partlyCut.summary.other': '{params} get only part of their gradient: {cut}{at} cuts one of their ways to the outputs.',
  'partlyCut.text.one': '{cut}{at} takes {source} out of the graph on one of its ways to the outputs (the values {into}): {params} still gets a gradient, but only through the other ways.',
  'partlyCut.text.other':
    '{cut}{at} takes {source} out of the graph on one of its ways to the outputs (the values {into}): {params} still get a gradient, but only through the other ways.',
  'partlyCut.fix': 'Nothing to fix if that is meant (a stop-gradient); otherwise use {source} itself there instead of {cut}.',

  // ---- backward's errors ----------------------------------------------------------------------
  'outputWithoutGrad.summary': 'backward() on {output} raises: it does not require grad.',
  'outputWithoutGrad.text': '{output} has no {gradFn}: nothing that requires grad reaches it{because}, so backward() on it raises "{pytorch}".',
  'outputWithoutGrad.fromCuts': ' (it was computed from {sources}, cut off from the graph)',
  'outputWithoutGrad.newTensor': ' (it is a new tensor, made by {fn}{at} from plain values)',
  'outputWithoutGrad.fix': 'Compute it from tensors that require grad, without detach(), {noGrad} or plain values taken out on the way.',
  'savedTensorModified.summary': 'backward() will raise: {op}{at} changed a tensor that {nodes} saved for backward.',
  'savedTensorModified.text': '{nodes}{nodeAt} saved {tensor} to compute its gradient, and {op}{at} changed it in place afterwards, so backward() will raise "{pytorch}".',
  'savedTensorModified.fix': 'Leave it as it is until backward() has run: use {outOfPlace}, which makes a new tensor, instead of {op}.',
  'savedTensorModified.fixClone': 'Leave it as it is until backward() has run: change a clone() of it instead of {op}.',
  'graphFreed.summary': 'backward() will raise: part of this graph was already freed by an earlier backward(){at}.',
  'graphFreed.text':
    'The saved tensors of {nodes} were freed by the backward(){at} that already ran through them. This graph reaches them again through {carried}, so backward() will raise "{pytorch}".',
  'graphFreed.fix':
    'Detach the tensor you carry from one step to the next before the next step uses it ({code}), so each backward() runs through its own step only; to run backward() twice through the same graph on purpose, call the first one as {retainGraph}.',
  'leafMoved.summary': 'backward() will raise: {tensor} is not a leaf any more.',
  'leafMoved.text': '{tensor} was a leaf when this graph used it, but {op}{at} changed it in place and gave it a {gradFn} ({node}), so backward() will raise "{pytorch}".',
  'leafMoved.fix': 'Do not change {tensor} in place once the graph has used it: make a new tensor instead, or make the change inside {noGradBlock}.',

  // ---- named tensors -------------------------------------------------------------------------
  'receiver.many': 'the leaves behind it',
  'receiver.named': 'the leaf {names}',
  'receiver.unnamed': 'the {dtype} leaf behind it, which nothing names',
  'nonLeaf.summary': '{name}.grad is {none}: {name} is not a leaf ({node} made it{at}).',
  'nonLeaf.copy.text':
    '{name}.grad is {none} because {name} is not a leaf: {conversion}{at} made {name} a {to} copy (ToCopyBackward0) of a {from} tensor, and backward puts the gradient in {receiver}.',
  'nonLeaf.copy.fix': 'Pass the dtype when you create it — {code} — or call {conversion} before .{requiresGradInPlace}; use {name}.{retainGrad} if you want the copy\'s gradient.',
  'nonLeaf.copyRetained.text':
    '{name} is not a leaf — {conversion}{at} made {name} a {to} copy (ToCopyBackward0) of a {from} tensor — so although {retainGrad} fills {name}.grad, an optimizer given {name} would update the copy, not {receiver}.',
  'nonLeaf.copyRetained.fix': 'Create {name} as the leaf: {code}.',
  'nonLeaf.op.text': '{name}.grad is {none} because {name} is not a leaf: {node}{at} computed it, and backward passes through it to {receiver}.',
  'nonLeaf.opRetained.text': '{name} is not a leaf — {node}{at} computed it — so although {retainGrad} fills {name}.grad, an optimizer given {name} would not update {receiver}.',
  'nonLeaf.update.text':
    '{name}.grad is {none} because {name} is not a leaf: {node}{at} made a new {name} from the old one and a step, with autograd recording, so {name} is the result of an op (and each step adds to the graph) while backward puts the gradient in {receiver}.',
  'nonLeaf.update.fix': 'Change {name} in place with autograd off, so it stays the leaf: {code}; then empty its gradient ({gradZero}) before the next backward().',
  'nonLeaf.op.fixMade': 'Make {name} itself the leaf, requiring grad only after the op has run: {code}.',
  'nonLeaf.op.fix': 'Make the tensor you train a leaf ({leafOf}) and compute {name} from it, or call {name}.{retainGrad} before backward to keep this intermediate\'s gradient.',
  'retainGradLate.summary': '{name}.grad is {none}: {retainGrad}{at} came after backward() had already run.',
  'retainGradLate.text': '{name}.{retainGrad}{at} was called after the backward(){backwardAt} that ran through {name}: it only affects later backward() calls, so {name}.grad stays {none}.',
  'retainGradLate.fix': 'Call {name}.{retainGrad} before backward(), right after {name} is computed.',
  'notInGraph.summary': '{name} gets no gradient: the outputs are not computed from it.',
  'notInGraph.text': '{name} requires grad but the outputs are not computed from it, so {name}.grad stays {none}.',
  'notInGraph.computed': '{name} (computed by {node}{at}) is not used to compute the outputs, so backward never reaches it.',
  'notInGraph.fix': 'Check that the outputs are computed from {name}, or drop it from params.{recordHint}',
  'requiresGradLate.summary': '{name}.grad is {none}: {name} was made to require grad only after it had been used.',
  'requiresGradLate.text':
    '{name}.{requiresGradInPlace}{at} came after {name} had been used{into}: what was computed from it before does not record a graph to it, so backward never reaches {name} and {name}.grad stays {none}.',
  'requiresGradLate.into': ' (it entered {nodes} as a constant)',
  'requiresGradLate.fix': 'Make {name} require grad before computing anything from it: create it with {requiresGradOption}, or call {access}.{requiresGradInPlace} right after creating it.',
  'newLeaf.summary.one': '{params} gets no gradient: the outputs are computed from a new tensor made of plain values, not from it.',
  'newLeaf.summary.other': '{params} get no gradient: the outputs are computed from a new tensor made of plain values, not from them.',
  'newLeaf.text.one':
    '{fn}{at} made a new leaf of shape {shape} from plain values, and the outputs are computed from that leaf, not from {params}: backward stops at it, so {params}.grad stays {none}.',
  'newLeaf.text.other':
    '{fn}{at} made a new leaf of shape {shape} from plain values, and the outputs are computed from that leaf, not from {params}: backward stops at it, so their .grad stays {none}.',
  'newLeaf.fix': 'Compute the outputs from {params} with tensor ops, without {item} or {fn} on the way: a tensor made of values starts a new graph.',
  'withoutGrad.into': ' and enters {nodes} as a constant',
  'withoutGrad.notFloatingFix': '{dtype} tensors cannot require grad: make {name} floating point ({name}.float(), or {dtypeOption} when you create it) if it is meant to be trained.',
  'madeUnderNoGrad.summary': '{name} gets no gradient: it was made under {noGrad}.',
  'madeUnderNoGrad.text': '{name} was made under {noGrad} (by {op}{at}), so it does not require grad{into}: it gets no gradient.',
  'madeUnderNoGrad.fix': 'Make {name} outside {noGrad}, or call {access}.{requiresGradInPlace} after making it if it is meant to be trained.',
  'detachResult.summary': '{name} gets no gradient: it is the result of {cut}.',
  'detachResult.text': '{name} is the result of {cut}{at}, so it does not require grad{into}: no gradient reaches it or the tensor it came from.',
  'detachResult.fix': 'Use the original tensor instead of its {cut}.',
  'frozen.summary.one': '{params} gets no gradient: {off}{at} froze it.',
  'frozen.summary.other': '{params} get no gradient: {off}{at} froze them.',
  'frozen.text.one': '{off}{at} turned requiring grad off for {params}, so it does not require grad{into}: it gets no gradient.',
  'frozen.text.other': '{off}{at} turned requiring grad off for {params}, so they do not require grad{into}: they get no gradient.',
  'frozen.fix': 'Remove the {off}{at} if {params} should be trained (or call {requiresGradInPlace} again before computing the outputs).',
  'noGrad.summary': '{name} gets no gradient: it does not require grad.',
  'noGrad.text': '{name} does not require grad{into}: it gets no gradient.',
  'noGrad.fix': 'Create it with {requiresGradOption}, or call {access}.{requiresGradInPlace} before using it.',

  // ---- wrong gradients ----------------------------------------------------------------------
  'gradAccumulated.summary': '{grads}: the gradients of {count} backward() calls piled up, as nothing zeroed them between steps.',
  'gradAccumulated.text.one':
    '{params}.grad holds the sum of the gradients of {count} backward() calls (the last{at}): backward() adds to .grad, and nothing emptied it in between, so each step uses every earlier step\'s gradient too.',
  'gradAccumulated.text.other':
    'The .grad of {params} holds the sum of the gradients of {count} backward() calls (the last{at}): backward() adds to .grad, and nothing emptied it in between, so each step uses every earlier step\'s gradient too.',
  'gradAccumulated.fix': 'Call {zeroGrad} before each backward() (or set .grad to None), unless you mean to sum the gradients of several batches.',
  'zeroGradient.summary': '{op}{at} has a gradient of zero: nothing useful flows back through it.',
  'zeroGradient.text.one': '{op}{at} ({node}) is flat almost everywhere, so its gradient is zero: the part of the gradient of {params} that flows through it is all zeros.',
  'zeroGradient.text.other': '{op}{at} ({node}) is flat almost everywhere, so its gradient is zero: the part of the gradient of {params} that flows through it is all zeros.',
  'zeroGradient.fix': 'Compute the loss from the value before {op} (round only for reporting), or use a smooth stand-in such as sigmoid() for a step.',
  'dtypeCopy.named.summary': '{names} enters the graph through a copy to {to}.',
  'dtypeCopy.named.text': '{names} ({from}) enters the graph through a copy to {to} (ToCopyBackward0){at}; its gradient arrives, converted back to {from}.',
  'dtypeCopy.named.fix': 'Nothing to fix if intended; create {first} as {to} to compute without the copy.',
  'dtypeCopy.unnamed.summary': 'An unnamed {from} leaf gets the gradient: it enters through a copy to {to}.',
  'dtypeCopy.unnamed.text': 'An unnamed {from} leaf of shape {shape} enters the graph through a copy to {to} (ToCopyBackward0){at}: it receives the gradient, but no params name it.',
  'dtypeCopy.unnamed.fix': 'Keep a reference to the leaf you train and pass it in params, or create it with {dtypeOption}.',
  'unknownSources.summary': 'The lines of code are unknown: the program ran bundled without a source map.',
  'unknownSources.text': 'The lines of code that made these tensors are unknown: the program ran bundled, and no source map was loaded for it.',
  'unknownSources.fix': 'Build with source maps and call await loadSourceMaps() (from @gradviz/engine) before drawing; in Node, run with --enable-source-maps.',
  // ---- explain() -----------------------------------------------------------------------------
  'explain.fix': 'Fix: {fix}',
  'explain.arrives': '{name} is a leaf of this graph that requires grad: backward fills {name}.grad.',
  'explain.leafAlone': '{name} is a leaf that requires grad: backward from an output computed from {name} fills {name}.grad.',
  'explain.blocked': '{name} is a leaf of this graph that requires grad, but backward() raises before it fills anything, so {name}.grad stays {none}.',
  'explain.unknownName': "explain(): '{name}' is not one of the params of this graph ({known})",
  'explain.unknownNameNoParams': "explain(): '{name}' is not one of the params of this graph (it has none)",

  // ---- the picture: hover details and badges --------------------------------------------------
  'origin.gone': 'a tensor no longer alive',
  'origin.aTensor': 'a {dtype} tensor',
  'origin.values': '{fn} of values taken out by {via}',
  'origin.valuesOf': '{fn} of values taken out of {of} by {via}',
  'origin.copied': '{fn} of values copied from {of}',
  'origin.noGrad': '{op} under {noGrad}',
  'origin.detach': 'detach() of {of}',
  'origin.data': '.data of {of}',
  'origin.dtypeCopy': 'copy of {of}, {from} to {to}',
  'origin.number': 'the number {value}',
  'detail.dtype': 'dtype',
  'detail.shape': 'shape',
  'detail.requiresGrad': 'requires grad',
  'detail.leaf': 'leaf',
  'detail.params': 'params',
  'detail.gradFn': 'grad_fn',
  'detail.madeBy': 'made by',
  'detail.source': 'source',
  'detail.value': 'value',
  'detail.node': 'node',
  'detail.saved': 'saved {name}',
  'detail.module': 'module',
  'detail.fullLabel': 'full label',
  'detail.cutArrows': 'cut arrows',
  'detail.cutArrowsDrawn': 'drawn to {drawn} of the {total} boxes its value entered',
  'saved.freedUnread': 'tensor (freed by backward before it was read)',
  'saved.freed': ' (freed)',
  'saved.modified': ' (modified in place since saved)',
  'badge.notLeaf': 'not a leaf',
  'badge.retainGradLate': '{retainGrad} too late',
  'badge.gradientHere': 'gradient goes here',
  'badge.gradientHereUnnamed': 'gradient goes here; nothing names it',
  'badge.partlyCut': 'partly cut',
  'badge.savedModified': 'saved tensor changed in place',
  'badge.freed': 'freed by backward()',
  'badge.leafMoved': 'not a leaf any more',
  'badge.zeroGradient': 'zero gradient',
  'badge.gradientCleared': 'zeroed after backward',
  'badge.accumulated': 'gradients pile up',
  'badge.dtypeCopy': 'dtype copy',
  'badge.noGradFn': 'no {gradFn}',
  'badge.detached': 'cut by detach()',
  'badge.usedUnderNoGrad': 'used under {noGrad}',
  'badge.valuesCopied': 'values copied',
  'badge.noGradient': 'no gradient through {op}',
  'badge.madeUnderNoGrad': 'made under {noGrad}',
  'badge.requiresGradFalse': 'requires_grad=False',
  'badge.frozen': 'frozen',
  'badge.requiresGradLate': 'requires grad too late',
  'badge.notInGraph': 'not in the graph',
  'badge.newLeaf': 'new leaf of plain values',
  // ---- the interactive viewer ------------------------------------------------------------------
  'viewer.search': 'Search boxes',
  'viewer.zoomIn': 'Zoom in',
  'viewer.zoomOut': 'Zoom out',
  'viewer.fitLabel': 'Fit the graph in view',
  'viewer.fit': 'Fit',
  'viewer.matches.one': '{count} match',
  'viewer.matches.other': '{count} matches',
  'viewer.matchesFolded': '{matches}, {hidden} folded',
  'viewer.diagnostics': 'Diagnostics',
  'viewer.details': 'Details',
  'viewer.hint': 'Hover a box for its details; click it to follow its way to the outputs, or to where the chain breaks.',
  'viewer.foldingHint': ' Click a folded group to unfold it, the label of an open group to fold it.',
  'severity.error': 'error',
  'severity.warning': 'warning',
  'severity.info': 'info',
  // ---- the command line ---------------------------------------------------------------------
  'cli.help': `gradviz: draws an autograd graph, as torchviz does, and shows why a gradient did not arrive.
No Graphviz needed: layout, SVG, PNG and HTML are all made here.

Usage:
  gradviz render <file> [--out <path>] [options]
  gradviz explain <file> [--param <name>] [--json] [options]
  gradviz --help

<file> is one of:
  a module (.ts .mts .cts .js .mjs .cjs) whose default export is a tensor, an array of
    tensors, or { outputs, params, options }: the outputs to draw from, names for tensors
    (an object, a Map or namedParameters()), and makeDot's options (showAttrs, showSaved,
    maxAttrChars, rankdir, theme, sourceRoot, lang, gradients). A module is code: gradviz runs it, in
    a process of its own; what it prints goes to stderr, never into the picture;
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
      --gradients           colour arrows and leaves by the gradient that flowed (a
                            snapshot whose backward recorded it), and say which
                            gradients are zero, vanish, explode or are NaN/Inf
      --param <name>        explain: only why <name>.grad is or is not filled
      --json                explain: print { findings, explanations } as JSON, for
                            programs (the Python package reads it)
      --lang <en|ja>        the language of the findings, the picture and these messages
                            (default: from LANG, LC_ALL, LC_MESSAGES or LANGUAGE; else en)
      --timeout <seconds>   how long a module may take to load and export its graph
                            (default {timeout})
  -h, --help                this text

Options on the command line override the module's own options.
A layout too large to run in-process goes to a worker thread; its progress goes to stderr.

Exit status: 0 done; 1 the file could not be read, drawn or written; 2 wrong command line.

Examples:
  gradviz render examples/blog-graph.ts --out blog.svg
  gradviz render examples/blog-graph.ts --out blog.html
  gradviz render graph.snapshot.json --out graph.png --rankdir LR --show-saved
  gradviz explain examples/blog-graph.ts --param x --lang ja
`,
  'cli.usage': '{problem} (see gradviz --help)',
  'cli.unknownOption': "unknown option '{option}'",
  'cli.badCommandLine': '{problem}',
  'cli.maxAttrChars': "--max-attr-chars must be a whole number, got '{value}'",
  'cli.depth': "--depth must be a whole number (levels of groups unfolded) or 'flat', got '{value}'",
  'cli.lang': "--lang must be one of {langs}, got '{value}'",
  'cli.timeout': "--timeout must be a number of seconds above 0 (and under 24 days), got '{value}'",
  'cli.unknownCommand': "unknown command '{command}'; use 'render' or 'explain'",
  'cli.needsFile': '{command} needs a file: a module (.ts, .js) or a snapshot .json',
  'cli.oneFile': '{command} takes one file, got also {extra}',
  'cli.paramForExplain': '--param is for explain; render draws every param',
  'cli.jsonForExplain': '--json is for explain; render writes JSON with --out graph.json',
  'cli.explainNoOut': 'explain prints to the terminal and takes no --out; use render to write a file',
  'cli.noSuchFile': "cannot read '{file}': no such file",
  'cli.isFolder': "cannot read '{file}': it is a folder; pass a module (.ts, .js) or a snapshot .json",
  'cli.notJson': '{file} is not valid JSON: {problem}',
  'cli.fileProblem': '{file}: {problem}',
  'cli.snapshotOnly': "cannot read '{file}' here: expected a snapshot .json",
  'cli.notModule': "cannot read '{file}': expected a module ({extensions}) or a snapshot .json, got {got}",
  'cli.fileWithExtension': "a '{extension}' file",
  'cli.fileWithoutExtension': 'a file without extension',
  'cli.text': '{text}',
  'cli.layingOut': 'laying out {boxes} boxes and {arrows} arrows in a worker thread...',
  'cli.layoutDone': 'layout done in {seconds} s',
  'cli.fileInTheWay': "cannot write '{out}': '{file}' is a file, not a folder; choose another --out",
  'cli.cannotMakeFolder': "cannot write '{out}': cannot make the folder '{folder}': {problem}",
  'cli.cannotWrite': "cannot write '{out}': {problem}",
  'cli.loadTimeout': '{file} did not finish loading within {seconds}: its top-level code, or the promise it exports, is still running; allow it more time with --timeout <seconds> (loadGraph: timeoutMs)',
  'cli.neverSettled': '{file} never settled: its top-level await, or the promise it exports, waits for something that nothing will do',
  'cli.killedBy': 'was killed by {signal}',
  'cli.exitedWith': 'exited with status {code}',
  'cli.endedProcess': '{file} ended the process while loading (it {how}) before gradviz could read its default export; a module for gradviz exports its graph and does not call process.exit()',
  'cli.cannotStart': 'cannot start the process that loads {file}: {problem}',
  'cli.optionsNotData': "{file}: the default export's options are not plain data: {problem}",
  'cli.failedLoading': '{file} failed while loading: {problem}',
  'cli.exportGetterFailed': '{file}: reading its default export failed: {problem}',
  'cli.noDefaultExport': '{file} has no default export; export default {expected}',
  'cli.exportIsFunction': ', not what it returns: call it and export the result',
  'cli.badDefaultExport': '{file}: the default export is {value}{hint}; expected {expected}',
  'cli.exportUnknownKeys': '{file}: the default export has unknown keys {keys}; expected { outputs, params, options }',
  'cli.exportBadOptions': "{file}: the default export's options must be makeDot's options object, got {value}",
  'cli.failedToLoad': '{file} failed to load: {problem}',
  'cli.exportRejected': '{file}: its default export is a promise that was rejected: {problem}',
  'cli.findings.one': '{count} finding',
  'cli.findings.other': '{count} findings',
  'cli.pytorchSays': 'PyTorch: {error}',
  'cli.unexpected': 'unexpected error: {problem}',
  'output.unknownFormat': "cannot tell the format of '{path}' from its extension; use {extensions}",
  // ---- groups: folded boxes and frames --------------------------------------------------------
  'group.root': 'graph',
  'group.step': 'step {index}',
  'group.stepOf': 'step {index} of {of}',
  'group.partOf': 'part {index} of {of}',
  'group.params.one': '{count} param',
  'group.params.other': '{count} params',
  'group.kind.root': 'the whole graph',
  'group.kind.module': 'a module call',
  'group.kind.repeat': 'identical blocks in a row (grouped by gradviz)',
  'group.kind.step': 'one block of a repeat (grouped by gradviz)',
  'group.kind.part': 'a stretch of a long run (grouped by gradviz)',
  'group.detail.group': 'group',
  'group.detail.type': 'type',
  'group.detail.call': 'call',
  'group.detail.callOf': '{index} of {of} calls of {module}',
  'group.detail.parameters': 'parameters',
  'group.detail.boxes': 'boxes inside',
  'group.detail.in': 'in',
  'group.detail.out': 'out',
  'group.detail.inside': 'inside',
  'group.inside': 'inside: {badge}',
  'group.marksInside': '{count} marks inside',
  // ---- the HTML page ---------------------------------------------------------------------------
  'page.title': 'gradviz: {names}',
  'page.titleMore': 'gradviz: {names} and {count} more params',
  'page.titleEmpty': 'gradviz graph',
  // ---- gradient flow (makeDot's gradients) -----------------------------------------------------
  'gradientDead.summary.one': '{params} gets exactly zero gradient: every unit of the ReLU{at} is off.',
  'gradientDead.summary.other': '{params} get exactly zero gradient: every unit of the ReLU{at} is off.',
  'gradientDead.text.one':
    'The ReLU ({node}){at} received a gradient and passed none back: its input was at or below zero for every unit and every sample, so the layer is "dead". Every element of {grads} is 0, and {params} will not learn.',
  'gradientDead.text.other':
    'The ReLU ({node}){at} received a gradient and passed none back: its input was at or below zero for every unit and every sample, so the layer is "dead". Every element of {grads} is 0, and {params} will not learn.',
  'gradientDead.fix':
    'Bring its input above zero: a bias that is not so negative, weights initialised for ReLU (kaiming_uniform_), a smaller learning rate if a large step pushed it there; or use LeakyReLU or GELU, which pass a small gradient below zero.',
  'gradientZero.summary.one': '{params} gets exactly zero gradient.',
  'gradientZero.summary.other': '{params} get exactly zero gradient.',
  'gradientZero.text.one': 'Every element of {grads} is 0 after backward(): for these inputs, {params} has no effect on the outputs (a zero factor, a clamp or an activation that is off lies on its way).',
  'gradientZero.text.other': 'Every element of {grads} is 0 after backward(): for these inputs, {params} have no effect on the outputs (a zero factor, a clamp or an activation that is off lies on their way).',
  'gradientZero.fix': 'Follow the grey dashed arrows from it towards the output to where the gradient stops, and change what makes it zero there.',
  'gradientCleared.summary.one': '{grads} is zero although backward() sent {params} a gradient: it was zeroed after backward().',
  'gradientCleared.summary.other': '{grads} are zero although backward() sent {params} a gradient: they were zeroed after backward().',
  'gradientCleared.text.one':
    'backward() sent {params} a gradient (norm {norm}), yet {grads} holds only zeros: something emptied it after backward() ran, most often {zeroGrad} called between backward() and the optimizer\'s step(). The step then moves nothing, and the model does not learn.',
  'gradientCleared.text.other':
    'backward() sent {params} a gradient (norm up to {norm}), yet {grads} hold only zeros: something emptied them after backward() ran, most often {zeroGrad} called between backward() and the optimizer\'s step(). The step then moves nothing, and the model does not learn.',
  'gradientCleared.fix': 'Empty the gradients before backward(), not after it: {step}',
  'gradientVanishing.summary.one': "{params}'s gradient vanishes: its norm is {share} of the largest ({largest}'s).",
  'gradientVanishing.summary.other': "The gradients of {params} vanish: down to {share} of the largest ({largest}'s).",
  'gradientVanishing.text': 'Going back from the output, the gradient shrinks at every layer: {worst}, {depth} nodes from the output, gets a gradient of norm {norm}, against {largestNorm} for {largest}.{cause} Weights with so small a gradient barely change, so those layers learn very slowly or not at all.',
  'gradientVanishing.cause': ' On its way it goes through {activations}: the derivative of sigmoid is at most 0.25 and that of tanh at most 1 (far less where they saturate), so each of them scales the gradient down.',
  'gradientVanishing.activation.one': '{count} {name} node',
  'gradientVanishing.activation.other': '{count} {name} nodes',
  'gradientVanishing.fix':
    'Use ReLU-family activations (ReLU, LeakyReLU, GELU) in the hidden layers, initialise the weights for the activation (kaiming_uniform_ for ReLU, xavier_uniform_ for tanh and sigmoid), add normalisation (BatchNorm, LayerNorm), or residual connections (x + f(x)) that give the gradient a short way back.',
  'gradientExploding.summary.one': "{params}'s gradient explodes: its norm is {norm}.",
  'gradientExploding.summary.other': 'The gradients of {params} explode: their norm reaches {norm}.',
  'gradientExploding.text': "{worst}'s gradient has norm {norm}.{growth} A step of SGD moves each weight by the learning rate times its gradient, so training overshoots and soon gives Inf or NaN.",
  'gradientExploding.growth': ' Going back from the output, the gradient grows at every layer: it is {factor} times larger than at {from}, nearer the output.',
  'gradientExploding.fix':
    'Initialise the weights smaller (kaiming_uniform_ and xavier_uniform_ scale them to the layer size, where std=1 is far too large), add normalisation (BatchNorm, LayerNorm), lower the learning rate, or clip the gradient norm before each step (clip_grad_norm_).',
  'gradientNonFinite.summary': '{grads} holds {bad}: the gradient first became NaN or Inf at {op}{at}.',
  'gradientNonFinite.summaryUnknown': '{grads} holds {bad}.',
  'gradientNonFinite.text': 'backward() reached {node} ({op}{at}) with a finite gradient and left it with {born}: {reason} From there it reached {params}, and one optimizer step with it makes the weights NaN too.',
  'gradientNonFinite.textUnknown': 'The gradient was already NaN or Inf where backward() started (the output itself is NaN or Inf), and it reached {params}.',
  'gradientNonFinite.reason.log': 'the derivative of log(x) is 1/x, and the value it took the log of ({input}) is 0 (or below) there.',
  'gradientNonFinite.reason.sqrt': 'the derivative of sqrt(x) is 1/(2·sqrt(x)), and the value it took the square root of ({input}) is 0 (or below) there.',
  'gradientNonFinite.reason.div': 'the derivative of a / b divides by b, and the value it divided by ({input}) is 0 there.',
  'gradientNonFinite.reason.pow': 'the derivative of x ** p is p·x ** (p - 1), which is infinite where the base ({input}) is 0 and p < 1.',
  'gradientNonFinite.reason.other': 'its derivative is not finite for the value it was given ({input}).',
  'gradientNonFinite.fix.log': 'Keep the value away from 0 before the log: add a small epsilon (log(p + 1e-8)), clamp it (clamp(min=1e-8)), or use a function that does the log stably (log_softmax instead of log of softmax, cross_entropy instead of the log of probabilities, binary_cross_entropy_with_logits instead of the log of a sigmoid).',
  'gradientNonFinite.fix.sqrt': 'Keep the value away from 0 before the square root: add a small epsilon (sqrt(d2 + 1e-12)), or clamp it (clamp(min=1e-12)).',
  'gradientNonFinite.fix.div': 'Keep the divisor away from 0: add a small epsilon (a / (b + 1e-8)) or clamp it.',
  'gradientNonFinite.fix.pow': 'Keep the base away from 0 when the exponent is below 1: add a small epsilon ((x + 1e-8) ** p) or clamp it.',
  'gradientNonFinite.fix.other': 'Keep the value given to {node} inside the range where its derivative is finite: clamp it, or add a small epsilon.',
  'gradientNonFinite.fixUnknown': 'Find why the output is NaN or Inf first: a log or a division of 0 in the forward pass, or weights that are already NaN.',
  'gradientNonFinite.nan': '{count} NaN',
  'gradientNonFinite.inf': '{count} Inf',
  'gradient.madeBy': 'made by {node}{at}',
  'gradient.normLine': 'grad {norm}',
  'gradient.scaleTitle': 'Gradient norm along each arrow and at each leaf (log scale)',
  'gradient.zero': 'zero',
  'gradient.nonFinite': 'NaN or Inf',
  'gradient.detail': 'norm {norm}, max |g| {max}, mean |g| {mean}, {zeros} of {numel} zero',
  'gradient.detailNonFinite': '{bad} of {numel}; finite elements: norm {norm}, max |g| {max}',
  'detail.gradient': 'gradient',
  'detail.updateRatio': 'update / weight',
  'badge.gradientBorn': 'NaN/Inf born here',
  'badge.gradientNonFinite': 'NaN/Inf gradient',
  'badge.deadRelu': 'dead: every unit off',
  'badge.vanishing': 'vanishing gradient',
  'badge.exploding': 'exploding gradient',
  'group.gradient': 'grad {norm}',
  'viewer.gradientFlow': 'Gradient flow',
  'viewer.gradientFlowHint': 'Mean and max |grad| of each param, from the input side down to the output, on a log scale. Hover a row to find its box.',
  'viewer.meanAbs': 'mean |grad|',
  'viewer.maxAbs': 'max |grad|',
};

// Ids only: with `as const`, the declaration file would repeat every sentence as a type (26 KB shipped for nothing).
export type MessageId = keyof typeof en;
