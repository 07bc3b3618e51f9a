"""gradviz for PyTorch: ``make_dot`` draws real autograd graphs as torchviz does, inline in Jupyter
with no Graphviz, and says why a gradient did not arrive: where the chain broke, on which line, and
the fix.

    from gradviz import make_dot
    make_dot(z, params={'x': x})        # in a notebook cell: the interactive graph

``gradviz.record()`` around the code that builds the graph lets the diagnosis name lines and module
groups (in a notebook every cell is recorded once gradviz is imported; ``record_cells(False)`` stops it); ``gradviz.export()`` gives the graph as gradviz's snapshot JSON, which the TypeScript
library and ``gradviz render graph.json`` draw.
"""
__version__ = "0.1.0"

from ._cli import NodeNotFoundError
from ._graph import Finding, Graph, make_dot
from ._notebook import install as _install_in_notebook
from ._notebook import record_cells
from ._record import record
from ._snapshot import SNAPSHOT_FORMAT, SNAPSHOT_VERSION, export

_install_in_notebook()

__all__ = ["Finding", "Graph", "NodeNotFoundError", "SNAPSHOT_FORMAT", "SNAPSHOT_VERSION", "export", "make_dot", "record", "record_cells"]
