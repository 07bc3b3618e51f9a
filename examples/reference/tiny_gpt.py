"""PyTorch's run of examples/tiny-gpt.ts: a GPT-style character model (2 layers, 2 heads, width 32,
context 16) trained with AdamW on Shakespeare's sonnets (examples/data/sonnets.txt).

Run: /usr/bin/python3 examples/reference/tiny_gpt.py [steps]   (default 500)
Prints the loss at steps 0, 1, 10, 100 and 500 (those reached) and a sample, as JSON.
"""
import json, os, sys
import torch, torch.nn as nn, torch.nn.functional as F

STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 500
BLOCK, BATCH, WIDTH, HEADS, LAYERS, DROPOUT = 16, 16, 32, 2, 2, 0.1


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1 = nn.LayerNorm(WIDTH)
        self.attn = nn.MultiheadAttention(WIDTH, HEADS, dropout=DROPOUT, batch_first=True)
        self.ln2 = nn.LayerNorm(WIDTH)
        self.mlp = nn.Sequential(nn.Linear(WIDTH, 4 * WIDTH), nn.GELU(), nn.Linear(4 * WIDTH, WIDTH), nn.Dropout(DROPOUT))

    def forward(self, x, mask):
        h = self.ln1(x)
        x = x + self.attn(h, h, h, attn_mask=mask, need_weights=False)[0]
        return x + self.mlp(self.ln2(x))


class TinyGPT(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.tok = nn.Embedding(vocab, WIDTH)
        self.pos = nn.Embedding(BLOCK, WIDTH)
        self.blocks = nn.ModuleList([Block() for _ in range(LAYERS)])
        self.ln = nn.LayerNorm(WIDTH)
        self.head = nn.Linear(WIDTH, vocab)

    def forward(self, idx):
        T = idx.shape[1]
        x = self.tok(idx) + self.pos(torch.arange(T))
        mask = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)
        for block in self.blocks:
            x = block(x, mask)
        return self.head(self.ln(x))


torch.manual_seed(0)
text = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '../data/sonnets.txt')).read()
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}
data = torch.tensor([stoi[c] for c in text], dtype=torch.long)
model = TinyGPT(len(chars))
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)

losses = {}
for step in range(STEPS + 1):
    ix = torch.randint(len(data) - BLOCK - 1, (BATCH,))
    x = torch.stack([data[i:i + BLOCK] for i in ix])
    y = torch.stack([data[i + 1:i + BLOCK + 1] for i in ix])
    logits = model(x)
    loss = F.cross_entropy(logits.view(-1, len(chars)), y.view(-1))
    if step in (0, 1, 10, 100, 500):
        losses[step] = loss.item()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

model.eval()
idx = torch.tensor([[stoi[c] for c in 'Shall I ']])
with torch.no_grad():
    for _ in range(120):
        probs = model(idx[:, -BLOCK:])[0, -1].softmax(-1)
        u = torch.rand(()).item()
        cumulative, nxt = 0.0, len(chars) - 1
        for i, p in enumerate(probs.tolist()):
            cumulative += p
            if u < cumulative:
                nxt = i
                break
        idx = torch.cat([idx, torch.tensor([[nxt]])], 1)
print(json.dumps({"losses": losses, "sample": ''.join(chars[i] for i in idx[0].tolist())}))
