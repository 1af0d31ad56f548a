"""A small neural network (an MLP) on a tabular CSV, tuned by Knobs and served as ONNX.

Hyperparameters (all optional): learning_rate, hidden_units, layers, dropout, weight_decay,
epochs, batch_size. Each epoch reports the validation accuracy (`knobs step=N accuracy=...`), so
early stopping can prune a trial that falls behind; the end reports accuracy and loss.

The model takes one FP32 tensor of shape [N] per feature, named as knobs.table() names them
(`age`, `plan=basic`, ...: raw values, the scaling is inside the model) and answers
`probabilities` [N, classes] in the sorted order of the label's values.

Runs in Knobs' sandbox (no network) with Debian's python3-torch: python3 train.py
"""
import math

import torch

import knobs

p = knobs.params()
torch.manual_seed(int(knobs.param("seed", 0)))
torch.set_num_threads(1)

names, X, y, classes = knobs.table()
if classes is None:
    raise SystemExit("this example classifies; the label column has numbers")
X = torch.tensor(X, dtype=torch.float32)
y = torch.tensor(y, dtype=torch.long)
train, valid = knobs.split(len(y))

# the scaling, learned from the training rows, becomes part of the model
mean = torch.nan_to_num(X[train]).mean(0)
scale = torch.nan_to_num(X[train]).std(0).clamp_min(1e-6)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        width, layers = int(p.get("hidden_units", 32)), int(p.get("layers", 2))
        blocks, inputs = [], len(names)
        for _ in range(layers):
            blocks += [torch.nn.Linear(inputs, width), torch.nn.ReLU(),
                       torch.nn.Dropout(float(p.get("dropout", 0.0)))]
            inputs = width
        blocks.append(torch.nn.Linear(inputs, len(classes)))
        self.body = torch.nn.Sequential(*blocks)
        self.register_buffer("mean", mean)
        self.register_buffer("scale", scale)

    def forward(self, x):
        x = torch.nan_to_num((x - self.mean) / self.scale)  # a missing number: the mean
        return self.body(x)


class Served(torch.nn.Module):
    """What is served: one input per feature, probabilities out."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, *columns):
        return torch.softmax(self.net(torch.stack(columns, dim=1)), dim=1)


net = Net()
optimizer = torch.optim.Adam(net.parameters(), lr=float(p.get("learning_rate", 0.01)),
                             weight_decay=float(p.get("weight_decay", 0.0)))
loss_of = torch.nn.CrossEntropyLoss()
batch = int(p.get("batch_size", 64))
rows = torch.tensor(train)
accuracy = loss = 0.0
for epoch in range(1, int(p.get("epochs", 30)) + 1):
    net.train()
    for chunk in rows[torch.randperm(len(rows))].split(batch):
        optimizer.zero_grad()
        step_loss = loss_of(net(X[chunk]), y[chunk])
        step_loss.backward()
        optimizer.step()
    net.eval()
    with torch.no_grad():
        scores = net(X[valid])
        loss = loss_of(scores, y[valid]).item()
        accuracy = (scores.argmax(1) == y[valid]).float().mean().item()
    if not math.isfinite(loss):
        raise SystemExit("the loss diverged at epoch %d; try a smaller learning_rate" % epoch)
    knobs.report(epoch, accuracy=accuracy, loss=loss)

served = Served(net).eval()
example = tuple(X[:2, i] for i in range(len(names)))
torch.onnx.export(served, example, knobs.model_path(), input_names=names,
                  output_names=["probabilities"],
                  dynamic_axes={**{n: {0: "N"} for n in names}, "probabilities": {0: "N"}})
knobs.finish(accuracy=accuracy, loss=loss)
