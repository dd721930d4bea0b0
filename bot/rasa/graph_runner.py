"""Rasa's model graph, run node after node in this thread instead of through dask.

Rasa runs its model as a graph: once to understand a message, and once more for every
action it predicts (three or four times a turn here). It hands each run to dask's local
scheduler, which builds a task graph, a queue and callbacks every time; profiled under
load (issue 12), that bookkeeping was 7 % of the Rasa process, for graphs that dask runs
one node after another in this thread anyway (``dask.get`` is its synchronous
scheduler). This runner calls the same nodes with the same inputs in dependency order,
and raises the same errors (``GraphRunError`` for a ``RuntimeError``, a node's own
exception otherwise).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphSchema
from rasa.engine.runner.dask import DaskGraphRunner


class SequentialGraphRunner(DaskGraphRunner):
    """A ``DaskGraphRunner`` (the nodes it loads are the same) that runs without dask."""

    def run(
        self,
        inputs: Optional[Dict[str, Any]] = None,
        targets: Optional[List[str]] = None,
    ) -> Dict[str, Any]:
        """The targets' outputs by node name, as ``DaskGraphRunner.run`` gives them."""
        run_targets = targets if targets else self._graph_schema.target_names
        schema = self._minimal_schema(tuple(run_targets))
        self._add_inputs_to_graph(inputs, dict.fromkeys(schema.nodes))  # Rasa's name check
        # an input is passed to the nodes that need it as (name, value), as dask does
        done: Dict[str, Any] = {name: (name, value) for name, value in (inputs or {}).items()}

        def output(name: str) -> Any:
            if name not in done:
                if name not in schema.nodes:
                    return name  # nothing provides it: dask passes the name, Rasa says so
                needs = schema.nodes[name].needs.values()
                done[name] = self._instantiated_nodes[name](*(output(n) for n in needs))
            return done[name]

        try:
            return dict(output(target) for target in run_targets)
        except RuntimeError as e:
            raise GraphRunError("Error running runner.") from e

    def _minimal_schema(self, targets: Tuple[str, ...]) -> GraphSchema:
        """The part of the graph the targets need (the same few target lists every turn)."""
        cache = self.__dict__.setdefault("_minimal_schemas", {})
        if targets not in cache:
            cache[targets] = self._graph_schema.minimal_graph_schema(list(targets))
        return cache[targets]
