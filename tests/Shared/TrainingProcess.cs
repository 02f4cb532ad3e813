using System.Runtime.CompilerServices;

namespace Inception.Tests.Shared;

/// <summary>
/// Test assemblies that compute gradients set up libtorch as a training program must, before their first
/// convolution: the oneDNN cap (see Inception.Runtime.OneDnn), then the convolution self-check, which verifies
/// the capped configuration forward and backward. Tests run in one process, in no fixed order.
/// </summary>
internal static class TrainingProcess
{
    [ModuleInitializer]
    internal static void SetUp()
    {
        Inception.Runtime.OneDnn.CapForTraining();
        Inception.Runtime.Convolutions.ConvolutionSelfCheck.EnsureVerified();
    }
}
