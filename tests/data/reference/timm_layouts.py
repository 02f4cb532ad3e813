#!/usr/bin/env python3
"""The parameter layouts and costs of timm's Inception-v4, Inception-ResNet-v2 and Xception, by arithmetic.

An independent check of the .incept files in dsl/: this script walks the module structure of timm's
timm/models/inception_v4.py, inception_resnet_v2.py and xception.py (the legacy Xception) as those files
define it, and writes for each model every trainable parameter (state_dict key and shape), the total, and
the conv + linear multiply-accumulates of one 299x299 image. It needs no torch and shares nothing with the
compiler. Run it from this folder: python3 timm_layouts.py (it rewrites the *.params.txt files).
"""

import os


class Model:
    def __init__(self, name, channels=3, size=299):
        self.name = name
        self.params = []  # (key, shape)
        self.macs = 0
        self.c, self.h, self.w = channels, size, size

    # --- layers; each takes and returns the tensor shape (c, h, w) -------------------------------------------
    def conv(self, key, shape, out, k, s=1, p=0, groups=1, bias=False):
        c, h, w = shape
        kh, kw = (k, k) if isinstance(k, int) else k
        sh, sw = (s, s) if isinstance(s, int) else s
        ph, pw = (p, p) if isinstance(p, int) else p
        ho, wo = (h + 2 * ph - kh) // sh + 1, (w + 2 * pw - kw) // sw + 1
        self.params.append((key + ".weight", (out, c // groups, kh, kw)))
        if bias:
            self.params.append((key + ".bias", (out,)))
        self.macs += out * (c // groups) * kh * kw * ho * wo
        return (out, ho, wo)

    def bn(self, key, shape):
        self.params.append((key + ".weight", (shape[0],)))
        self.params.append((key + ".bias", (shape[0],)))
        return shape

    def basic(self, key, shape, out, k, s=1, p=0):
        """conv (no bias) + batch norm + ReLU, with submodules conv and bn (timm's BasicConv2d / ConvNormAct)."""
        shape = self.conv(key + ".conv", shape, out, k, s, p)
        return self.bn(key + ".bn", shape)

    def separable(self, key, shape, out, k, s=1, p=0):
        """timm's SeparableConv2d: conv1 (depthwise, groups = in) then pointwise, no biases."""
        shape = self.conv(key + ".conv1", shape, shape[0], k, s, p, groups=shape[0])
        return self.conv(key + ".pointwise", shape, out, 1)

    @staticmethod
    def pool(shape, k, s, p=0):
        c, h, w = shape
        return (c, (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1)

    def linear(self, key, shape, out):
        features = shape[0] * shape[1] * shape[2]
        self.params.append((key + ".weight", (out, features)))
        self.params.append((key + ".bias", (out,)))
        self.macs += features * out
        return (out, 1, 1)

    @staticmethod
    def cat(*shapes):
        assert len({s[1:] for s in shapes}) == 1, shapes
        return (sum(s[0] for s in shapes),) + shapes[0][1:]

    def chain(self, key, shape, layers):
        """An nn.Sequential of BasicConv2d: layers are (out, k, s, p)."""
        for i, (out, k, s, p) in enumerate(layers):
            shape = self.basic(f"{key}.{i}", shape, out, k, s, p)
        return shape

    def write(self, folder):
        total = sum(prod(s) for _, s in self.params)
        with open(os.path.join(folder, self.name + ".params.txt"), "w") as f:
            f.write(f"# {self.name}: {total} parameters, {self.macs} MACs (conv + linear, 1x3x299x299)\n")
            for key, shape in self.params:
                f.write(f"{key} {'x'.join(str(d) for d in shape)}\n")
        print(f"{self.name}: {total:,} parameters, {self.macs:,} MACs")


def prod(shape):
    result = 1
    for d in shape:
        result *= d
    return result


def inception_v4():
    m = Model("inception_v4")
    x = (3, 299, 299)
    x = m.basic("features.0", x, 32, 3, 2)
    x = m.basic("features.1", x, 32, 3)
    x = m.basic("features.2", x, 64, 3, 1, 1)
    # Mixed3a: max pool beside a stride-2 conv.
    x = m.cat(m.pool(x, 3, 2), m.basic("features.3.conv", x, 96, 3, 2))
    # Mixed4a
    x = m.cat(m.chain("features.4.branch0", x, [(64, 1, 1, 0), (96, 3, 1, 0)]),
              m.chain("features.4.branch1", x, [(64, 1, 1, 0), (64, (1, 7), 1, (0, 3)), (64, (7, 1), 1, (3, 0)), (96, 3, 1, 0)]))
    # Mixed5a
    x = m.cat(m.basic("features.5.conv", x, 192, 3, 2), m.pool(x, 3, 2))
    index = 6
    for _ in range(4):  # InceptionA
        k = f"features.{index}"
        x = m.cat(m.basic(k + ".branch0", x, 96, 1),
                  m.chain(k + ".branch1", x, [(64, 1, 1, 0), (96, 3, 1, 1)]),
                  m.chain(k + ".branch2", x, [(64, 1, 1, 0), (96, 3, 1, 1), (96, 3, 1, 1)]),
                  m.basic(k + ".branch3.1", x, 96, 1))
        index += 1
    k = f"features.{index}"  # ReductionA
    x = m.cat(m.basic(k + ".branch0", x, 384, 3, 2),
              m.chain(k + ".branch1", x, [(192, 1, 1, 0), (224, 3, 1, 1), (256, 3, 2, 0)]),
              m.pool(x, 3, 2))
    index += 1
    for _ in range(7):  # InceptionB
        k = f"features.{index}"
        x = m.cat(m.basic(k + ".branch0", x, 384, 1),
                  m.chain(k + ".branch1", x, [(192, 1, 1, 0), (224, (1, 7), 1, (0, 3)), (256, (7, 1), 1, (3, 0))]),
                  m.chain(k + ".branch2", x, [(192, 1, 1, 0), (192, (7, 1), 1, (3, 0)), (224, (1, 7), 1, (0, 3)),
                                             (224, (7, 1), 1, (3, 0)), (256, (1, 7), 1, (0, 3))]),
                  m.basic(k + ".branch3.1", x, 128, 1))
        index += 1
    k = f"features.{index}"  # ReductionB
    x = m.cat(m.chain(k + ".branch0", x, [(192, 1, 1, 0), (192, 3, 2, 0)]),
              m.chain(k + ".branch1", x, [(256, 1, 1, 0), (256, (1, 7), 1, (0, 3)), (320, (7, 1), 1, (3, 0)), (320, 3, 2, 0)]),
              m.pool(x, 3, 2))
    index += 1
    for _ in range(3):  # InceptionC
        k = f"features.{index}"
        b0 = m.basic(k + ".branch0", x, 256, 1)
        b1 = m.basic(k + ".branch1_0", x, 384, 1)
        b1 = m.cat(m.basic(k + ".branch1_1a", b1, 256, (1, 3), 1, (0, 1)), m.basic(k + ".branch1_1b", b1, 256, (3, 1), 1, (1, 0)))
        b2 = m.basic(k + ".branch2_0", x, 384, 1)
        b2 = m.basic(k + ".branch2_1", b2, 448, (3, 1), 1, (1, 0))
        b2 = m.basic(k + ".branch2_2", b2, 512, (1, 3), 1, (0, 1))
        b2 = m.cat(m.basic(k + ".branch2_3a", b2, 256, (1, 3), 1, (0, 1)), m.basic(k + ".branch2_3b", b2, 256, (3, 1), 1, (1, 0)))
        b3 = m.basic(k + ".branch3.1", x, 256, 1)
        x = m.cat(b0, b1, b2, b3)
        index += 1
    assert x == (1536, 8, 8), x
    m.linear("last_linear", (1536, 1, 1), 1000)
    return m


def inception_resnet_v2():
    m = Model("inception_resnet_v2")
    x = (3, 299, 299)
    x = m.basic("conv2d_1a", x, 32, 3, 2)
    x = m.basic("conv2d_2a", x, 32, 3)
    x = m.basic("conv2d_2b", x, 64, 3, 1, 1)
    x = m.pool(x, 3, 2)
    x = m.basic("conv2d_3b", x, 80, 1)
    x = m.basic("conv2d_4a", x, 192, 3)
    x = m.pool(x, 3, 2)
    x = m.cat(m.basic("mixed_5b.branch0", x, 96, 1),
              m.chain("mixed_5b.branch1", x, [(48, 1, 1, 0), (64, 5, 1, 2)]),
              m.chain("mixed_5b.branch2", x, [(64, 1, 1, 0), (96, 3, 1, 1), (96, 3, 1, 1)]),
              m.basic("mixed_5b.branch3.1", x, 64, 1))
    for i in range(10):  # Block35
        k = f"repeat.{i}"
        body = m.cat(m.basic(k + ".branch0", x, 32, 1),
                     m.chain(k + ".branch1", x, [(32, 1, 1, 0), (32, 3, 1, 1)]),
                     m.chain(k + ".branch2", x, [(32, 1, 1, 0), (48, 3, 1, 1), (64, 3, 1, 1)]))
        assert m.conv(k + ".conv2d", body, 320, 1, bias=True) == x
    x = m.cat(m.basic("mixed_6a.branch0", x, 384, 3, 2),
              m.chain("mixed_6a.branch1", x, [(256, 1, 1, 0), (256, 3, 1, 1), (384, 3, 2, 0)]),
              m.pool(x, 3, 2))
    for i in range(20):  # Block17
        k = f"repeat_1.{i}"
        body = m.cat(m.basic(k + ".branch0", x, 192, 1),
                     m.chain(k + ".branch1", x, [(128, 1, 1, 0), (160, (1, 7), 1, (0, 3)), (192, (7, 1), 1, (3, 0))]))
        assert m.conv(k + ".conv2d", body, 1088, 1, bias=True) == x
    x = m.cat(m.chain("mixed_7a.branch0", x, [(256, 1, 1, 0), (384, 3, 2, 0)]),
              m.chain("mixed_7a.branch1", x, [(256, 1, 1, 0), (288, 3, 2, 0)]),
              m.chain("mixed_7a.branch2", x, [(256, 1, 1, 0), (288, 3, 1, 1), (320, 3, 2, 0)]),
              m.pool(x, 3, 2))
    for k in [f"repeat_2.{i}" for i in range(9)] + ["block8"]:  # Block8
        body = m.cat(m.basic(k + ".branch0", x, 192, 1),
                     m.chain(k + ".branch1", x, [(192, 1, 1, 0), (224, (1, 3), 1, (0, 1)), (256, (3, 1), 1, (1, 0))]))
        assert m.conv(k + ".conv2d", body, 2080, 1, bias=True) == x
    x = m.basic("conv2d_7b", x, 1536, 1)
    assert x == (1536, 8, 8), x
    m.linear("classif", (1536, 1, 1), 1000)
    return m


def xception():
    m = Model("xception")
    x = (3, 299, 299)
    x = m.conv("conv1", x, 32, 3, 2)
    x = m.bn("bn1", x)
    x = m.conv("conv2", x, 64, 3)
    x = m.bn("bn2", x)

    def block(key, x, out, reps, strides=1, start_with_relu=True, grow_first=True):
        inp = x
        layers = []  # the rep Sequential as timm builds it: ReLU, SeparableConv2d, BatchNorm2d per rep
        for i in range(reps):
            if grow_first:
                inc, outc = (inp[0] if i == 0 else out), out
            else:
                inc, outc = inp[0], (inp[0] if i < reps - 1 else out)
            layers += [("relu",), ("sep", outc), ("bn",)]
        if not start_with_relu:
            layers = layers[1:]
        if strides != 1:
            layers.append(("pool",))
        for index, layer in enumerate(layers):
            if layer[0] == "sep":
                x = m.separable(f"{key}.rep.{index}", x, layer[1], 3, 1, 1)
            elif layer[0] == "bn":
                x = m.bn(f"{key}.rep.{index}", x)
            elif layer[0] == "pool":
                x = m.pool(x, 3, strides, 1)
        if out != inp[0] or strides != 1:
            skip = m.conv(key + ".skip", inp, out, 1, strides)
            m.bn(key + ".skipbn", skip)
            assert skip == x, (skip, x)
        else:
            assert inp == x
        return x

    x = block("block1", x, 128, 2, 2, start_with_relu=False)
    x = block("block2", x, 256, 2, 2)
    x = block("block3", x, 728, 2, 2)
    for i in range(4, 12):
        x = block(f"block{i}", x, 728, 3, 1)
    x = block("block12", x, 1024, 2, 2, grow_first=False)
    x = m.separable("conv3", x, 1536, 3, 1, 1)
    x = m.bn("bn3", x)
    x = m.separable("conv4", x, 2048, 3, 1, 1)
    x = m.bn("bn4", x)
    assert x == (2048, 10, 10), x
    m.linear("fc", (2048, 1, 1), 1000)
    return m


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    for model in (inception_v4(), inception_resnet_v2(), xception()):
        model.write(here)
