# The seed: float64 values (as NumPy gives them), made a tensor that requires grad, then float32.
import numpy as np
import torch
from gradviz import make_dot

values = np.arange(-1, 1.1, 0.25)
x = torch.tensor(values, requires_grad=True).float()
y = (2 * x**2 + 2).sum()

g = make_dot(y, params={"x": x})
