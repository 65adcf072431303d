"""Model definitions for the Fashion-MNIST model zoo.

Every model takes the raw 28x28 grayscale image as float32 [N,1,28,28] in [0,1]
and returns logits [N,10]. Normalisation (and any resizing) happens inside the
graph so that all models share one input contract.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

# Fashion-MNIST training-set statistics (pixel values scaled to [0,1]).
FMNIST_MEAN = 0.2860
FMNIST_STD = 0.3530


class Preprocess(nn.Module):
    """Optional bilinear resize followed by mean/std normalisation."""

    def __init__(self, resolution=28):
        super().__init__()
        self.resolution = resolution
        self.register_buffer("mean", torch.tensor(FMNIST_MEAN).view(1, 1, 1, 1))
        self.register_buffer("std", torch.tensor(FMNIST_STD).view(1, 1, 1, 1))

    def forward(self, x):
        if self.resolution != 28:
            x = F.interpolate(x, size=(self.resolution, self.resolution),
                              mode="bilinear", align_corners=False)
        return (x - self.mean) / self.std


class Linear(nn.Module):
    """Multinomial logistic regression on the 784 normalised pixels."""

    def __init__(self):
        super().__init__()
        self.pre = Preprocess()
        self.fc = nn.Linear(28 * 28, 10)

    def forward(self, x):
        return self.fc(torch.flatten(self.pre(x), 1))


class MLP(nn.Module):
    """Fully connected network 784 -> hidden... -> 10 with ReLU and dropout."""

    def __init__(self, hidden=(256,), dropout=0.2):
        super().__init__()
        self.pre = Preprocess()
        layers, d = [], 28 * 28
        for h in hidden:
            layers += [nn.Linear(d, h), nn.ReLU(inplace=True), nn.Dropout(dropout)]
            d = h
        layers.append(nn.Linear(d, 10))
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(torch.flatten(self.pre(x), 1))


class LeNet5(nn.Module):
    """LeNet-5 (LeCun et al. 1998) with ReLU and max pooling, 28x28 input padded to 32."""

    def __init__(self):
        super().__init__()
        self.pre = Preprocess()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(inplace=True), nn.MaxPool2d(2),   # 6x14x14
            nn.Conv2d(6, 16, 5), nn.ReLU(inplace=True), nn.MaxPool2d(2),             # 16x5x5
        )
        self.classifier = nn.Sequential(
            nn.Linear(16 * 5 * 5, 120), nn.ReLU(inplace=True),
            nn.Linear(120, 84), nn.ReLU(inplace=True),
            nn.Linear(84, 10),
        )

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(self.pre(x)), 1))


def conv_bn(cin, cout, k, stride=1, groups=1):
    return nn.Sequential(
        nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False),
        nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class MobileNet(nn.Module):
    """MobileNet-v1 style network of depthwise-separable blocks (Howard et al. 2017),
    adapted to small images: 3x3 stem with stride 1, three stride-2 stages.
    `width` is the width multiplier alpha, `resolution` the input size the
    28x28 image is bilinearly resized to inside the graph (resolution multiplier rho)."""

    # (output channels, stride) of each depthwise-separable block at width 1.0
    CFG = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1)]

    def __init__(self, width=1.0, resolution=28, dropout=0.2):
        super().__init__()
        self.pre = Preprocess(resolution)
        c = max(8, int(32 * width))
        layers = [conv_bn(1, c, 3)]
        for cout, s in self.CFG:
            cout = max(8, int(cout * width))
            layers += [conv_bn(c, c, 3, s, groups=c), conv_bn(c, cout, 1)]
            c = cout
        self.features = nn.Sequential(*layers)
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(c, 10)

    def forward(self, x):
        x = self.features(self.pre(x))
        x = torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)
        return self.fc(self.dropout(x))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(
                nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        sc = x if self.shortcut is None else self.shortcut(x)
        return F.relu(out + sc)


class ResNet(nn.Module):
    """CIFAR-style ResNet (He et al. 2016): depth = 6n+2, three stages of n basic
    blocks with widths (w, 2w, 4w), optional in-graph resize of the input."""

    def __init__(self, depth=20, width=16, resolution=28):
        super().__init__()
        assert (depth - 2) % 6 == 0
        n = (depth - 2) // 6
        self.pre = Preprocess(resolution)
        self.stem = conv_bn(1, width, 3)
        blocks, c = [], width
        for i, w in enumerate((width, 2 * width, 4 * width)):
            for j in range(n):
                stride = 2 if (i > 0 and j == 0) else 1
                blocks.append(BasicBlock(c, w, stride))
                c = w
        self.layers = nn.Sequential(*blocks)
        self.fc = nn.Linear(c, 10)

    def forward(self, x):
        x = self.layers(self.stem(self.pre(x)))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class TTAEnsemble(nn.Module):
    """Test-time augmentation: run `model` on several views of each image in one
    batch and average the softmax probabilities. Views: identity, 1-pixel shifts
    (zero fill) up/down/left/right, and the horizontal flip of each (10 views).
    The output is log(mean probability), a valid logit vector (softmax of it
    gives the averaged probabilities)."""

    def __init__(self, model, views=10):
        super().__init__()
        assert views in (2, 10)
        self.model = model
        self.views = views

    @staticmethod
    def _shift(x, dy, dx):
        # shift the image content by (dy, dx) pixels, filling with zeros (background)
        h, w = x.shape[-2], x.shape[-1]
        x = F.pad(x, (max(dx, 0), max(-dx, 0), max(dy, 0), max(-dy, 0)))
        return x[:, :, max(-dy, 0):max(-dy, 0) + h, max(-dx, 0):max(-dx, 0) + w]

    def forward(self, x):
        base = [x]
        if self.views == 10:
            base += [self._shift(x, -1, 0), self._shift(x, 1, 0),
                     self._shift(x, 0, -1), self._shift(x, 0, 1)]
        views = base + [v.flip(3) for v in base]
        probs = F.softmax(self.model(torch.cat(views, 0)), dim=1)
        probs = probs.reshape(len(views), -1, 10).mean(0)
        return torch.log(probs.clamp_min(1e-12))
