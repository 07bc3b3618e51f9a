"""What real PyTorch 1.13 does with the gradient-flow learner programs (issue 15).

Usage (from the repository root):
    /usr/bin/python3 examples/reference/gradient_flow.py examples/reference/gradient-flow.json

Each program runs after torch.manual_seed(0); `loss.backward()` runs with a post hook on every
node of the graph (numbered as scenarios.json numbers them), which records the statistics of the
gradients the node received (grad_outputs) and sent (grad_inputs), then the `.grad` of each tensor `params` names (a module stands for its named_parameters).
Statistics are over finite elements (norm, max |g|, mean |g|) with counts of zeros, NaN and Inf,
as the snapshot's `gradients` block has them. The same program runs once more under
`torch.autograd.detect_anomaly()`, whose error names the node that first returned NaN.
"""
import json, math, sys, warnings
import torch, torch.nn as nn, torch.nn.functional as F

PROGRAMS = [
dict(id="deep_sigmoid", about="A deep sigmoid MLP: the first layer's gradient vanishes.", params=["model"], code="""
model = nn.Sequential(
    nn.Linear(4, 16), nn.Sigmoid(),
    nn.Linear(16, 16), nn.Sigmoid(),
    nn.Linear(16, 16), nn.Sigmoid(),
    nn.Linear(16, 16), nn.Sigmoid(),
    nn.Linear(16, 16), nn.Sigmoid(),
    nn.Linear(16, 16), nn.Sigmoid(),
    nn.Linear(16, 1),
)
x = torch.randn(8, 4)
y = torch.randn(8, 1)
loss = F.mse_loss(model(x), y)
"""),
dict(id="dead_relu", about="A ReLU layer made dead by a large negative bias: its weights get exactly zero.", params=["fc1", "fc2"], code="""
fc1 = nn.Linear(4, 8)
fc2 = nn.Linear(8, 1)
nn.init.constant_(fc1.bias, -10.0)
x = torch.randn(16, 4)
y = torch.randn(16, 1)
h = torch.relu(fc1(x))
loss = F.mse_loss(fc2(h), y)
"""),
dict(id="log_zero", about="log of a product that is 0: the gradient is Inf at the log and NaN at w.", params=["w"], code="""
w = torch.tensor([1.0, 1.5, 2.0], requires_grad=True)
x = torch.tensor([2.0, 0.0, 1.0])
p = w * x
loss = -torch.log(p).sum()
"""),
dict(id="sqrt_zero", about="sqrt of a squared distance that is 0: the gradient is Inf at the sqrt and NaN at a.", params=["a"], code="""
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([1.0, 2.0])
d2 = ((a - b) ** 2).sum()
loss = torch.sqrt(d2)
"""),
dict(id="exploding_linear", about="A deep stack of linear layers with large weights: the gradient grows towards the input.", params=["model"], code="""
layers = [nn.Linear(8, 8) for _ in range(8)]
for layer in layers:
    nn.init.normal_(layer.weight, std=1.0)
model = nn.Sequential(*layers)
x = torch.randn(4, 8)
loss = model(x).pow(2).mean()
"""),
]


def stats(t):
    if t is None:
        return None
    v = t.detach().double().reshape(-1)
    finite = v[torch.isfinite(v)]
    a = finite.abs()
    return {
        "numel": v.numel(),
        "norm": float(a.pow(2).sum().sqrt()),
        "maxAbs": float(a.max()) if a.numel() else 0.0,
        "meanAbs": float(a.mean()) if a.numel() else 0.0,
        "zeros": int((v == 0).sum()),
        "nan": int(torch.isnan(v).sum()),
        "inf": int(torch.isinf(v).sum()),
    }


def numbered(root):
    """Nodes in depth-first pre-order from the root, as the snapshot numbers them."""
    ids, order, stack = {}, [], [root]
    while stack:
        fn = stack.pop()
        if fn is None or fn in ids:
            continue
        ids[fn] = len(order)
        order.append(fn)
        stack.extend(reversed([nf for nf, _ in fn.next_functions]))
    return order


def run(program):
    torch.manual_seed(0)
    ns = {"torch": torch, "nn": nn, "F": F}
    exec(program["code"], ns)
    loss = ns["loss"]
    order = numbered(loss.grad_fn)
    nodes = [{"name": type(fn).__name__} for fn in order]
    ran = []
    for i, fn in enumerate(order):
        def hook(grad_inputs, grad_outputs, i=i):
            ran.append(i)
            nodes[i]["gradInputs"] = [stats(g) for g in grad_inputs]
            nodes[i]["gradOutputs"] = [stats(g) for g in grad_outputs]
        fn.register_hook(hook)
    loss.backward()
    params = {}
    for name in program["params"]:
        value = ns[name]
        named = value.named_parameters(prefix=name) if isinstance(value, nn.Module) else [(name, value)]
        for pname, p in named:
            params[pname] = stats(p.grad)
    value = float(loss)
    return {"loss": value if math.isfinite(value) else str(value), "nodes": nodes, "order": ran, "grads": params}


def anomaly(program):
    torch.manual_seed(0)
    ns = {"torch": torch, "nn": nn, "F": F}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # detect_anomaly's "will increase the runtime"
            with torch.autograd.detect_anomaly():
                exec(program["code"], ns)
                ns["loss"].backward()
    except RuntimeError as e:
        return str(e).splitlines()[0]
    return None


def recorded():
    out = []
    for program in PROGRAMS:
        out.append({**program, **run(program), "detectAnomaly": anomaly(program)})
    return out


if __name__ == "__main__":
    with open(sys.argv[1], "w") as f:
        json.dump({"recordedWith": f"torch {torch.__version__}", "programs": recorded()}, f, indent=1)
        f.write("\n")
