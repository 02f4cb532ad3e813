using System.Runtime.CompilerServices;

namespace Inception.Tests.Shared;

/// <summary>
/// Test assemblies that compute gradients cap oneDNN as a training program must, before their first
/// convolution (see Inception.Runtime.OneDnn); tests run in one process, in no fixed order.
/// </summary>
internal static class TrainingProcess
{
    [ModuleInitializer]
    internal static void CapOneDnn() => Inception.Runtime.OneDnn.CapForTraining();
}
