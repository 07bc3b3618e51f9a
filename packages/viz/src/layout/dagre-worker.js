// Worker entry (Node only): runs one layout on a thread whose stack was raised by its parent (the
// supervisor, dagre-supervisor.js) and posts the answer on the port it was given.
import { workerData } from 'node:worker_threads';

const { input, port } = workerData;

/** Errors cross as name and message; the parent decides what they mean. */
function describe(error) {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}

try {
  const { runDagre } = await import('./dagre-run.js');
  port.postMessage({ ok: true, output: runDagre(input) });
} catch (error) {
  port.postMessage({ ok: false, error: describe(error) });
} finally {
  port.close();
}
