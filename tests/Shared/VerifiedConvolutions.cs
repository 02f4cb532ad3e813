using System.Runtime.CompilerServices;

namespace Inception.Tests.Shared;

/// <summary>
/// Test assemblies that compare engines (TorchSharp with ONNX Runtime, with Python torch, generated with run-time
/// networks) run the runtime's convolution self-check before anything else, as every program using the runtime
/// does through its modules: TorchVision's own models, which these tests also run, do not go through them.
/// </summary>
internal static class VerifiedConvolutions
{
    [ModuleInitializer]
    internal static void Verify() => Inception.Runtime.Convolutions.ConvolutionSelfCheck.EnsureVerified();
}
