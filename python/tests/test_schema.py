"""Every export is valid against the snapshot's JSON Schema, generated from the TypeScript types
(packages/engine/snapshot.schema.json), without Node."""
import json
from pathlib import Path

import jsonschema
import pytest
import torch
import torch.nn as nn

import export_scenarios
from gradviz import export, record

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "packages" / "engine" / "snapshot.schema.json").read_text())
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)


def check(snapshot):
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(snapshot)]
    assert errors == []


SCENARIOS = [s for s in json.loads(export_scenarios.REFERENCE.read_text())["scenarios"] if s.get("outputs") and "graph" in s]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_every_reference_scenario_exports_a_valid_snapshot(scenario):
    check(export_scenarios.run(scenario, recorded=True))
    check(export_scenarios.run(scenario, recorded=False))


def test_module_tables_freed_tensors_and_odd_names_are_valid():
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
    with record():
        loss = model(torch.randn(2, 3)).exp().sum()
    loss.backward()
    check(export(loss, dict(model.named_parameters()), model=model))
    check(export(loss, {"</script>": model[0].weight, "名前": model[2].bias}))


def test_the_schema_refuses_a_misspelt_field():
    w = torch.ones(2, requires_grad=True)
    snapshot = export((w * 2).sum(), {"w": w})
    snapshot["nodes"][0]["sourse"] = {}
    assert any("sourse" in e.message for e in VALIDATOR.iter_errors(snapshot))
