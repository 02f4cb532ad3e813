using System.Collections.Generic;
using Inception.Compiler.IR;

namespace Inception.Compiler.Plan.Modules;

/// <summary>
/// Every library module the op definitions lower to, each defined once. The C# and PyTorch printers, the ONNX
/// exporter and the run-time builder read these entries and nothing else spells a module: a leaf op that lowers
/// to these modules needs no edit outside its <c>Ops/</c> file; one that needs a new module adds an entry here
/// (and, for a module of ours, its Inception.Runtime class).
/// </summary>
public static class ModuleCatalog
{
    public static class Args
    {
        public static readonly ModuleArgument InChannels = Positional("in_channels", ArgumentKind.Channels);
        public static readonly ModuleArgument OutChannels = Positional("out_channels", ArgumentKind.Channels);
        public static readonly ModuleArgument KernelSize = Positional("kernel_size", ArgumentKind.Pair);
        public static readonly ModuleArgument Stride = Named("stride", PlanValue.Of(Pair.Square(1)));
        public static readonly ModuleArgument Padding = Named("padding", PlanValue.Of(Pair.Square(0)));
        public static readonly ModuleArgument Groups = Named("groups", PlanValue.Of(ChannelExpression.Of(1)));
        public static readonly ModuleArgument Bias = Named("bias", PlanValue.Of(true));
        public static readonly ModuleArgument NoBias = Named("bias", PlanValue.Of(false));

        /// <summary>torchvision's BasicConv2d eps; the Inception networks' batch norms use 0.001.</summary>
        public static readonly ModuleArgument ConvEps = Named("eps", PlanValue.Of(1e-3));
        public static readonly ModuleArgument Relu = Named("relu", PlanValue.Of(true));
        public static readonly ModuleArgument PoolStride = new("stride", ArgumentKind.Pair, Positional: false, DefaultFrom: KernelSize);
        public static readonly ModuleArgument CeilMode = Named("ceil_mode", PlanValue.Of(false));
        public static readonly ModuleArgument CountIncludePad = Named("count_include_pad", PlanValue.Of(true));
        public static readonly ModuleArgument OutputSize = Positional("output_size", ArgumentKind.Pair);
        public static readonly ModuleArgument Probability = new("p", ArgumentKind.Number, Positional: true, Default: PlanValue.Of(0.5));
        public static readonly ModuleArgument NumFeatures = Positional("num_features", ArgumentKind.Channels);
        public static readonly ModuleArgument NormEps = Named("eps", PlanValue.Of(1e-5));
        public static readonly ModuleArgument Affine = Named("affine", PlanValue.Of(true));
        public static readonly ModuleArgument InFeatures = Positional("in_features", ArgumentKind.Channels);
        public static readonly ModuleArgument OutFeatures = Positional("out_features", ArgumentKind.Channels);
        public static readonly ModuleArgument LinearBias = Named("bias", PlanValue.Of(true)) with { TorchSharpName = "hasBias" };

        private static ModuleArgument Positional(string name, ArgumentKind kind) => new(name, kind, Positional: true);

        private static ModuleArgument Named(string name, PlanValue value) => new(name, KindOf(value), Positional: false, Default: value);

        private static ArgumentKind KindOf(PlanValue value) => value switch
        {
            ChannelsValue => ArgumentKind.Channels,
            PairValue => ArgumentKind.Pair,
            DoubleValue => ArgumentKind.Number,
            _ => ArgumentKind.Flag,
        };
    }

    public static readonly ModuleDefinition Conv2d = new(
        "Conv2d",
        ModuleLibrary.Torch,
        new[] { Args.InChannels, Args.OutChannels, Args.KernelSize, Args.Stride, Args.Padding, Args.Groups, Args.Bias },
        new OnnxRule[] { new OnnxConv(string.Empty, Args.Stride, Args.Padding, Args.Groups) });

    /// <summary>torchvision's BasicConv2d: conv (no bias), batch norm (eps 0.001), ReLU; submodules <c>conv</c> and <c>bn</c>.</summary>
    public static readonly ModuleDefinition BasicConv2d = new(
        "BasicConv2d",
        ModuleLibrary.Runtime,
        new[] { Args.InChannels, Args.OutChannels, Args.KernelSize, Args.Stride, Args.Padding, Args.NoBias, Args.ConvEps, Args.Relu, Args.Groups },
        new OnnxRule[] { new OnnxConv("conv", Args.Stride, Args.Padding, Args.Groups), new OnnxBatchNorm("bn", Args.ConvEps), new OnnxRelu(Args.Relu) },
        """
        # torchvision's BasicConv2d: conv, batch norm, ReLU; submodules conv and bn.
        def __init__(self, {SIGNATURE}):
            super().__init__()
            self.conv = nn.Conv2d(in_channels, out_channels, kernel_size, stride=stride, padding=padding, groups=groups, bias=bias)
            self.bn = nn.BatchNorm2d(out_channels, eps=eps)
            self.relu = relu

        def forward(self, x):
            x = self.bn(self.conv(x))
            return F.relu(x) if self.relu else x
        """);

    /// <summary>timm's SeparableConv2d: a depthwise <c>conv1</c>, then a 1x1 <c>pointwise</c>.</summary>
    public static readonly ModuleDefinition SeparableConv2d = new(
        "SeparableConv2d",
        ModuleLibrary.Runtime,
        new[] { Args.InChannels, Args.OutChannels, Args.KernelSize, Args.Stride, Args.Padding, Args.NoBias },
        new OnnxRule[] { new OnnxConv("conv1", Args.Stride, Args.Padding, Args.InChannels), new OnnxConv("pointwise", null, null, null) },
        """
        # timm's SeparableConv2d: a depthwise conv1, then a 1x1 pointwise.
        def __init__(self, {SIGNATURE}):
            super().__init__()
            self.conv1 = nn.Conv2d(in_channels, in_channels, kernel_size, stride=stride, padding=padding, groups=in_channels, bias=bias)
            self.pointwise = nn.Conv2d(in_channels, out_channels, 1, bias=bias)

        def forward(self, x):
            return self.pointwise(self.conv1(x))
        """);

    public static readonly ModuleDefinition MaxPool2d = new(
        "MaxPool2d",
        ModuleLibrary.Torch,
        new[] { Args.KernelSize, Args.PoolStride, Args.Padding, Args.CeilMode },
        new OnnxRule[] { new OnnxPool(OnnxPoolKind.Max, Args.KernelSize, Args.PoolStride, Args.Padding, Args.CeilMode, null) },
        pyTorchFunction: "F.max_pool2d");

    public static readonly ModuleDefinition AvgPool2d = new(
        "AvgPool2d",
        ModuleLibrary.Torch,
        new[] { Args.KernelSize, Args.PoolStride, Args.Padding, Args.CeilMode, Args.CountIncludePad },
        new OnnxRule[] { new OnnxPool(OnnxPoolKind.Average, Args.KernelSize, Args.PoolStride, Args.Padding, Args.CeilMode, Args.CountIncludePad) },
        pyTorchFunction: "F.avg_pool2d");

    public static readonly ModuleDefinition AdaptiveAvgPool2d = new(
        "AdaptiveAvgPool2d",
        ModuleLibrary.Torch,
        new[] { Args.OutputSize },
        new OnnxRule[] { new OnnxAdaptiveAveragePool(Args.OutputSize) },
        pyTorchFunction: "F.adaptive_avg_pool2d");

    public static readonly ModuleDefinition Flatten = new("Flatten", ModuleLibrary.Torch, new ModuleArgument[0], new OnnxRule[] { new OnnxFlatten() });

    public static readonly ModuleDefinition Dropout = new("Dropout", ModuleLibrary.Torch, new[] { Args.Probability }, new OnnxRule[] { new OnnxIdentity() });

    public static readonly ModuleDefinition ReLU = new("ReLU", ModuleLibrary.Torch, new ModuleArgument[0], new OnnxRule[] { new OnnxRelu(null) }, pyTorchFunction: "F.relu");

    public static readonly ModuleDefinition BatchNorm1d = new(
        "BatchNorm1d",
        ModuleLibrary.Torch,
        new[] { Args.NumFeatures, Args.NormEps, Args.Affine },
        new OnnxRule[] { new OnnxBatchNorm(string.Empty, Args.NormEps) });

    public static readonly ModuleDefinition BatchNorm2d = new(
        "BatchNorm2d",
        ModuleLibrary.Torch,
        new[] { Args.NumFeatures, Args.NormEps, Args.Affine },
        new OnnxRule[] { new OnnxBatchNorm(string.Empty, Args.NormEps) });

    public static readonly ModuleDefinition Linear = new(
        "Linear",
        ModuleLibrary.Torch,
        new[] { Args.InFeatures, Args.OutFeatures, Args.LinearBias },
        new OnnxRule[] { new OnnxGemm(string.Empty) });

    public static readonly IReadOnlyList<ModuleDefinition> All = new[]
    {
        Conv2d, BasicConv2d, SeparableConv2d, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, Flatten, Dropout, ReLU, BatchNorm1d, BatchNorm2d, Linear,
    };
}
